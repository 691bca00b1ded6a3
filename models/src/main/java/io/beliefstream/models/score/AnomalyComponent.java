package io.beliefstream.models.score;

import java.nio.ByteBuffer;

/**
 * One named source of anomaly evidence: it measures a raw score per stream and step (any scale, any offset), which
 * the {@link ScoreNormaliser} calibrates to [0, 1] against the stream's own history and combines with the other
 * components' (Fisher's method). A prediction names each component's calibrated score in {@code anomaly.components}
 * under {@link #name()} and its raw score in {@code anomaly.raw} under {@link #rawName()} (docs/schemas.md).
 *
 * <p>Components are immutable values (records) carrying their configuration; {@link #equals} on them decides whether
 * two normalisers calibrate the same evidence. A component that remembers something per stream besides its
 * calibration (the {@link SeasonalComponent}'s profile) keeps it in its own {@link State}, created by
 * {@link #newState()} and checkpointed with the stream under the component's name, so a component added later, or
 * one left out, does not disturb the others' checkpoints.
 *
 * <p>Adding a component: one class implementing this interface, and one line where the service lists its components
 * ({@code io.beliefstream.streams.ModelSet#components}).
 */
public interface AnomalyComponent {
    /**
     * Largest magnitude of a raw score a model supplies: the normaliser folds squared deviations of raw scores into
     * 32-bit float statistics, so a surprise of 1e30 nats (an observation far outside a narrow forecast) would
     * overflow them. Infinite raw scores are capped to this bound as well; NaN stays NaN (docs/engine.md,
     * "Non-finite states").
     */
    float MAX_RAW_SCORE = 1e15f;

    /** The component's key in {@code anomaly.components}: lower case, unique within a normaliser. */
    String name();

    /** The key of its raw score in {@code anomaly.raw}. */
    String rawName();

    /** What is applied to the raw score before it is averaged and calibrated. */
    ScoreNormaliserConfig.Transform transform();

    /**
     * The raw evidence for stream {@code b} of the batch described by {@code in}; {@code NaN} means "no score this
     * step" (the component's calibration is left unchanged). Called once per stream and step, before calibration;
     * a component with a {@link State} updates it here.
     *
     * @param own the stream's state of this component ({@code null} for a component whose {@link #newState()} is)
     */
    float measure(AnomalyInputs in, int b, State own);

    /** A fresh per-stream state of this component's own, or {@code null} (the default) when it keeps none. */
    default State newState() {
        return null;
    }

    /**
     * Reads a state written by {@link State#writeTo}; {@code null} when the bytes are of another layout (another
     * number of phases, say), in which case the stream's state of this component starts afresh.
     */
    default State readState(ByteBuffer in) {
        return null;
    }

    /** {@code r} within ±{@link #MAX_RAW_SCORE}; NaN stays NaN. */
    static float capRaw(float r) {
        return Math.max(-MAX_RAW_SCORE, Math.min(MAX_RAW_SCORE, r));
    }

    /** A component's own per-stream state: plain data with a binary form. */
    interface State {
        /** Bytes {@link #writeTo} writes. */
        int serializedSize();

        /** Writes the binary form that {@link AnomalyComponent#readState} reads back. */
        void writeTo(ByteBuffer out);

        /** Whether every number it carries forward is finite (see {@code StreamState#isFinite}). */
        boolean isFinite();

        /** Approximate heap bytes. */
        long heapBytes();
    }
}
