package io.beliefstream.models.score;

import java.nio.ByteBuffer;

/**
 * One stream's memory of the shapes its values have drawn: the raw score of the normaliser's shape component
 * ({@link ShapeComponent}), a left discord in the sense of the matrix-profile literature (Yeh et al.
 * 2016, "Matrix Profile I", the distance of a subsequence to its nearest neighbour; "left" as in Zhu et al. 2017,
 * "Matrix Profile VII": the neighbour is searched only in the past, so the score is causal).
 *
 * <p>With {@code w} the window, {@code p} the number of PAA segments (piecewise aggregate approximation, Keogh et
 * al. 2001), {@code M} the memory and {@code k} the stride, at each value {@code x_i} (from the {@code w}-th on):
 *
 * <pre>
 *   μ, s = mean and standard deviation of x_{i−w+1..i}
 *   σ    = max(s, s̄, 1e-9, 1e-3·|μ|)          s̄: exponentially weighted mean of the earlier windows' s, time constant M·k
 *   u_j  = (mean of segment j of the window − μ) / σ,    j = 1..p (segments of w/p values)      the window's shape
 *   d_i  = min over the stored shapes v of  Σ_j (u_j − v_j)² / p                                the raw score
 * </pre>
 *
 * A window is z-normalised (blind to level and scale, which are the other components' evidence), except that its
 * spread is never taken below the stream's usual window spread {@code s̄}: a stretch flatter than usual has no form
 * worth the name, and dividing its noise by its own small spread would draw a random shape each time (on UCR this
 * floor solves 26 series instead of 19 at the same NAB score, docs/evaluation.md). The shape {@code u} of every
 * window ending at a multiple of {@code k} is kept aside and stored {@code w} values later, replacing the oldest of
 * the {@code M} stored shapes, so a window never meets itself or an overlapping shift of itself, and the memory
 * spans the last {@code M·k} values. {@code d} is {@code NaN} until two shapes are stored ({@code 2w + k} values).
 * A new form is novel while no stored shape is like it: about {@code w} values after it began, it is in the memory.
 *
 * <p>State: the last {@code w} values (a ring), the shapes kept aside ({@code (w/k + 1) × p} floats), the stored
 * shapes ({@code M × p} floats), {@code s̄} and the count of values seen. Scoring costs {@code O(w + M·p)}
 * operations per value (about 600 with the defaults) and allocates nothing.
 */
public final class ShapeMemory implements AnomalyComponent.State {
    private final ShapeComponent config;
    /** The last w values; value number {@code n} (0-based) at {@code n mod w}. */
    private final float[] ring;
    /** Shapes kept aside until they are w values old, {@code P × p}; the one ending at value j in slot (j/k) mod P. */
    private final float[] pending;
    private final int pendingSlots;
    /** Stored shapes, {@code M × p}; the next one replaces row {@code head}. */
    private final float[] shapes;
    /** The current window's shape (scratch, not state). */
    private final float[] current;
    private final double invSpan;
    private long seen;
    private int stored;
    private int head;
    /** Exponentially weighted mean of the windows' standard deviations. */
    private double usualSpread;

    ShapeMemory(ShapeComponent config) {
        this.config = config;
        this.ring = new float[config.window()];
        this.pendingSlots = (config.window() + config.stride() - 1) / config.stride() + 1;
        this.pending = new float[pendingSlots * config.segments()];
        this.shapes = new float[config.memory() * config.segments()];
        this.current = new float[config.segments()];
        this.invSpan = 1.0 / ((double) config.memory() * config.stride());
    }

    /**
     * Scores {@code x} (the squared distance of the window it ends to its nearest stored shape, class comment), then
     * remembers it. {@code NaN} while fewer than two shapes are stored, or for a non-finite {@code x} (state
     * unchanged).
     */
    float score(float x) {
        if (!Float.isFinite(x)) {
            return Float.NaN;
        }
        int w = config.window();
        int p = config.segments();
        int k = config.stride();
        long i = seen++;
        ring[(int) (i % w)] = x;
        if (i < w - 1) {
            return Float.NaN;
        }
        shapeOf(i - w + 2);
        float d = Float.NaN;
        if (stored >= 2) {
            double best = Double.MAX_VALUE;
            for (int q = 0; q < stored; q++) {
                double s = 0;
                int off = q * p;
                for (int j = 0; j < p; j++) {
                    double e = current[j] - shapes[off + j];
                    s += e * e;
                }
                best = Math.min(best, s);
            }
            d = (float) (best / p);
        }
        if (i % k == 0) {
            System.arraycopy(current, 0, pending, (int) ((i / k) % pendingSlots) * p, p);
        }
        long old = i - w;
        if (old >= w - 1 && old % k == 0) {
            System.arraycopy(pending, (int) ((old / k) % pendingSlots) * p, shapes, head * p, p);
            head = (head + 1) % config.memory();
            stored = Math.min(config.memory(), stored + 1);
        }
        return d;
    }

    /**
     * The shape of the window of the last {@code w} values into {@link #current}, and folds its spread into the usual
     * spread; {@code windows} is the number of windows seen, this one included.
     */
    private void shapeOf(long windows) {
        int w = config.window();
        int p = config.segments();
        int seg = w / p;
        // the window's values in time order: ring[first], ring[first + 1], ... wrapping at w
        int first = (int) ((seen - w) % w);
        double mean = 0;
        for (int k = 0, at = first; k < w; k++, at = at + 1 == w ? 0 : at + 1) {
            mean += ring[at];
        }
        mean /= w;
        double ss = 0;
        for (int k = 0, at = first; k < w; k++, at = at + 1 == w ? 0 : at + 1) {
            double e = ring[at] - mean;
            ss += e * e;
        }
        double spread = Math.sqrt(ss / w);
        double sd = windows > 1 ? Math.max(spread, usualSpread) : spread;
        sd = Math.max(sd, Math.max(ScoreNormaliser.MIN_STD, ScoreNormaliser.MIN_RELATIVE_STD * Math.abs(mean)));
        usualSpread = windows > 1 ? usualSpread + Math.max(1.0 / windows, invSpan) * (spread - usualSpread) : spread;
        for (int j = 0, at = first; j < p; j++) {
            double s = 0;
            for (int k = 0; k < seg; k++, at = at + 1 == w ? 0 : at + 1) {
                s += ring[at];
            }
            current[j] = (float) ((s / seg - mean) / sd);
        }
    }

    /** Bytes of {@link #writeTo}: the layout (4 ints), then the memory. */
    @Override
    public int serializedSize() {
        return 16 + 8 + 4 + 4 + 8 + 4 * ring.length + 4 * pending.length + 4 * shapes.length;
    }

    @Override
    public void writeTo(ByteBuffer out) {
        out.putInt(config.window());
        out.putInt(config.segments());
        out.putInt(config.memory());
        out.putInt(config.stride());
        out.putLong(seen);
        out.putInt(stored);
        out.putInt(head);
        out.putDouble(usualSpread);
        for (float v : ring) {
            out.putFloat(v);
        }
        for (float v : pending) {
            out.putFloat(v);
        }
        for (float v : shapes) {
            out.putFloat(v);
        }
    }

    /**
     * Reads the memory {@link #writeTo} wrote after the layout (which the caller has read and checked); false, and
     * this memory left as it was, when the counters are out of range.
     */
    boolean readFrom(ByteBuffer in) {
        long n = in.getLong();
        int s = in.getInt();
        int h = in.getInt();
        double u = in.getDouble();
        if (n < 0 || s < 0 || s > config.memory() || h < 0 || h >= config.memory() || !(u >= 0)
                || Double.isInfinite(u)) {
            return false;
        }
        seen = n;
        stored = s;
        head = h;
        usualSpread = u;
        for (int k = 0; k < ring.length; k++) {
            ring[k] = in.getFloat();
        }
        for (int k = 0; k < pending.length; k++) {
            pending[k] = in.getFloat();
        }
        for (int k = 0; k < shapes.length; k++) {
            shapes[k] = in.getFloat();
        }
        return true;
    }

    @Override
    public boolean isFinite() {
        if (!Double.isFinite(usualSpread)) {
            return false;
        }
        for (float v : ring) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        for (float v : pending) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        for (float v : shapes) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public long heapBytes() {
        return 16 + 5 * 8 + 8 + 4 + 4 + 8 + 8 + 4 + (16 + 4L * ring.length) + (16 + 4L * pending.length)
                + (16 + 4L * shapes.length) + (16 + 4L * current.length);
    }
}
