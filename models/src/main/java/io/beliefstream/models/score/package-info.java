/**
 * The anomaly score: its named components ({@link io.beliefstream.models.score.AnomalyComponent}: the TD-VAE
 * {@link io.beliefstream.models.score.SurpriseComponent surprise}, the window scorer's
 * {@link io.beliefstream.models.score.ReconstructionComponent reconstruction error}, the
 * {@link io.beliefstream.models.score.SeasonalComponent seasonal} deviation), each measuring a raw score from one
 * batched step ({@link io.beliefstream.models.score.AnomalyInputs}); and the
 * {@link io.beliefstream.models.score.ScoreNormaliser}, which calibrates every component's raw score per stream into
 * [0, 1], so that one threshold means the same on every stream, and combines them into one anomaly score.
 */
package io.beliefstream.models.score;
