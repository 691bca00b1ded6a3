package io.beliefstream.models.score;

import java.nio.ByteBuffer;

/**
 * Shape novelty: how far the shape of a univariate stream's last {@code window} values lies from every shape the
 * stream drew before (a left discord over a bounded memory; the method, its state and its cost are in
 * {@link ShapeMemory}). The raw score is a squared distance of segment means, calibrated with the
 * {@link ScoreNormaliserConfig.Transform#CUBE_ROOT cube root} like any squared error.
 *
 * <p>It is the evidence neither model gives on a stream whose anomaly is a form at an ordinary level (an unusual
 * heartbeat, a stuttering gait step, a machine cycle that loses a phase): the forecaster's next value is ordinary,
 * and the VQ-VAE's codebook, shared by every stream of the service and updated online, may hold codes close to that
 * form from other streams; the shape memory is this stream's own. Not a default component
 * ({@code model.shape-memory}): it gains on UCR's anomaly archive and costs NAB points (docs/evaluation.md, "Second
 * session"; docs/decisions.md).
 *
 * @param window values per window; 2 to {@value #MAX_WINDOW}, a multiple of {@code segments}
 * @param segments segment means per shape; at least 1
 * @param memory shapes remembered; 2 to {@value #MAX_MEMORY}
 * @param stride values between two stored shapes; 1 to {@code window}
 */
public record ShapeComponent(int window, int segments, int memory, int stride) implements AnomalyComponent {
    /** Upper bound on {@code window}. */
    public static final int MAX_WINDOW = 4096;
    /** Upper bound on {@code memory}. */
    public static final int MAX_MEMORY = 4096;
    /**
     * Default window: 64 values, long enough to hold a cycle of most sampled signals (a heartbeat at 100–250 Hz is
     * 60–200 values), the VQ-VAE's window of 32 doubled.
     */
    public static final int DEFAULT_WINDOW = 64;
    /** Default segments: 8 of 8 values, the resolution of a shape's form, blind to sample-level noise. */
    public static final int DEFAULT_SEGMENTS = 8;
    /** Default memory: 64 shapes (2 KB per stream). */
    public static final int DEFAULT_MEMORY = 64;
    /** Default stride: 16 values (a quarter window), so the memory spans the last 1,024 values. */
    public static final int DEFAULT_STRIDE = 16;

    public ShapeComponent {
        if (window < 2 || window > MAX_WINDOW) {
            throw new IllegalArgumentException("shape.window must be in [2, " + MAX_WINDOW + "], got " + window);
        }
        if (segments < 1 || window % segments != 0) {
            throw new IllegalArgumentException("shape.segments must be at least 1 and divide shape.window " + window
                    + ", got " + segments);
        }
        if (memory < 2 || memory > MAX_MEMORY) {
            throw new IllegalArgumentException("shape.memory must be in [2, " + MAX_MEMORY + "], got " + memory);
        }
        if (stride < 1 || stride > window) {
            throw new IllegalArgumentException("shape.stride must be in [1, shape.window " + window + "], got "
                    + stride);
        }
    }

    /** The defaults: windows of 64 values as 8 segment means, 64 shapes remembered, one every 16 values. */
    public static ShapeComponent defaults() {
        return new ShapeComponent(DEFAULT_WINDOW, DEFAULT_SEGMENTS, DEFAULT_MEMORY, DEFAULT_STRIDE);
    }

    @Override
    public String name() {
        return "shape";
    }

    @Override
    public String rawName() {
        return "shape_distance";
    }

    @Override
    public ScoreNormaliserConfig.Transform transform() {
        return ScoreNormaliserConfig.Transform.CUBE_ROOT;
    }

    @Override
    public ShapeMemory newState() {
        return new ShapeMemory(this);
    }

    /** The distance of the first value's window to the stream's stored shapes ({@link ShapeMemory#score}). */
    @Override
    public float measure(AnomalyInputs in, int b, State own) {
        if (in.values() == null) {
            return Float.NaN;
        }
        return ((ShapeMemory) own).score(in.firstValue(b));
    }

    /** Reads a {@link ShapeMemory}; {@code null} when it was written for another layout (or is invalid). */
    @Override
    public ShapeMemory readState(ByteBuffer in) {
        ShapeComponent written = new ShapeComponent(in.getInt(), in.getInt(), in.getInt(), in.getInt());
        if (!written.equals(this)) {
            return null;
        }
        ShapeMemory m = newState();
        return m.readFrom(in) ? m : null;
    }
}
