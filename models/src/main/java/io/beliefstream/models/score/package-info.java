/**
 * Anomaly-score normalisation shared by every raw score of the service (TD-VAE surprise, VQ-VAE reconstruction
 * error): per-stream, per-component calibration of raw scores into [0, 1] so that one threshold means the same on
 * every stream, and the rule that combines the calibrated components into one anomaly score. The normaliser also
 * derives two components from each observation itself: the deviation from the stream's daily profile, and the
 * novelty of the shape of its last values against a bounded memory of its past shapes
 * ({@code ShapeMemory}). See {@link io.beliefstream.models.score.ScoreNormaliser}.
 */
package io.beliefstream.models.score;
