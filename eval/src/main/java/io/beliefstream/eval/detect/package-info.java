/**
 * Streaming anomaly detectors evaluated side by side: the {@link io.beliefstream.eval.detect.AnomalyDetector}
 * contract, per-series {@link io.beliefstream.eval.detect.DetectorFactory factories}, and the peers NAB reports
 * beside BeliefStream (NAB's windowed Gaussian, Amazon's Random Cut Forest).
 */
package io.beliefstream.eval.detect;
