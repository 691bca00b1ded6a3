/**
 * Seeded synthetic series shared by tests, benchmarks and the demo: the TD-VAE paper's noisy harmonic oscillator
 * ({@link io.beliefstream.models.synthetic.HarmonicOscillator}) and a mixture of sines of many periods, trends,
 * random walks, noise levels and level shifts ({@link io.beliefstream.models.synthetic.SyntheticMixture}).
 */
package io.beliefstream.models.synthetic;
