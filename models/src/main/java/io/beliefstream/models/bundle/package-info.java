/**
 * The model bundle: one versioned file holding a model's kind, config, weights, normalisation statistics and
 * training metadata. Every trained model in BeliefStream is saved and loaded through {@link ModelBundle}.
 */
package io.beliefstream.models.bundle;
