package io.beliefstream.models.score;

import io.beliefstream.models.StepResult;
import io.beliefstream.models.StreamState;
import io.beliefstream.models.WindowResult;

/**
 * What the {@link AnomalyComponent}s of one batched step may read, row {@code b} per stream: the forecaster's result
 * and each stream's forecaster state, the window scorer's result, and each stream's observation. The arrays are the
 * engine's preallocated batch buffers (an instance is made once per set of models and reused every step).
 *
 * @param forecast the forecaster's result of this step ({@code null}: no surprise)
 * @param forecasterStates each stream's forecaster state after this step ({@code null} with no forecast)
 * @param window the window scorer's result of this step ({@code null}: no scorer, no reconstruction error)
 * @param windowRows rows of {@code window} per stream: one per dimension (row {@code b · windowRows + d}), the
 *     univariate scorer being applied to each dimension
 * @param timestamps each stream's observation time, epoch milliseconds
 * @param values the observations, row-major {@code batch × dim}
 * @param dim the observations' dimension
 */
public record AnomalyInputs(StepResult forecast, StreamState[] forecasterStates, WindowResult window,
        int windowRows, long[] timestamps, float[] values, int dim) {
    public AnomalyInputs {
        if (windowRows < 1) {
            throw new IllegalArgumentException("windowRows must be at least 1, got " + windowRows);
        }
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be at least 1, got " + dim);
        }
    }

    /** Inputs that carry only univariate observations (no model results). */
    public static AnomalyInputs ofObservations(long[] timestamps, float[] values) {
        return new AnomalyInputs(null, null, null, 1, timestamps, values, 1);
    }

    /** The first value of stream {@code b}'s observation. */
    public float firstValue(int b) {
        return values[b * dim];
    }
}
