package io.beliefstream.models.score;

import java.nio.ByteBuffer;

/**
 * One stream's memory of the shapes its values have drawn: the raw score of the normaliser's shape component
 * ({@link ScoreNormaliser}, "Shape novelty"), a left discord in the sense of the matrix-profile literature (Yeh et al.
 * 2016, "Matrix Profile I", the distance of a subsequence to its nearest neighbour; "left" as in Zhu et al. 2017,
 * "Matrix Profile VII": the neighbour is searched only in the past, so the score is causal).
 *
 * <p>With {@code w} the window, {@code p} the number of PAA segments (piecewise aggregate approximation, Keogh et
 * al. 2001), {@code M} the memory and {@code k} the stride, at each value {@code x_i} (from the {@code w}-th on):
 *
 * <pre>
 *   μ, σ = mean and standard deviation of x_{i−w+1..i},  σ ← max(σ, 1e-9, 1e-3·|μ|)
 *   u_j  = (mean of segment j of the window − μ) / σ,    j = 1..p (segments of w/p values)      the window's shape
 *   d_i  = min over the stored shapes v of  Σ_j (u_j − v_j)² / p                                the raw score
 * </pre>
 *
 * and then the shape of the window that ended {@code w} values earlier (so it shares no value with the current one
 * and a window never matches itself or its own shifts) is stored if its end index is a multiple of {@code k},
 * replacing the oldest of the {@code M} stored shapes. So the memory spans the last {@code M·k} values. {@code d}
 * is {@code NaN} until two shapes are stored ({@code 2w + k} values or so). z-normalising each window makes the
 * score blind to level and scale (those are the other components' evidence) and sensitive to form: a heartbeat
 * of an unusual form, a gait step that stutters, a cycle that loses its second hump. A repeated new shape is
 * novel once: after {@code w} values it is in the memory.
 *
 * <p>State: the last {@code 2w} values (a ring), the stored shapes ({@code M × p} floats), the count of values seen.
 * Scoring costs {@code O(w + M·p)} operations per value (about 600 with the defaults) and allocates nothing.
 */
final class ShapeMemory {
    private final ScoreNormaliserConfig.Shape config;
    /** The last 2w values; value number {@code n} (0-based) at {@code n mod 2w}. */
    private final float[] ring;
    /** Stored shapes, {@code M × p}; the next one replaces row {@code head}. */
    private final float[] shapes;
    /** The current window's shape (scratch, not state). */
    private final float[] current;
    private long seen;
    private int stored;
    private int head;

    ShapeMemory(ScoreNormaliserConfig.Shape config) {
        this.config = config;
        this.ring = new float[2 * config.window()];
        this.shapes = new float[config.memory() * config.segments()];
        this.current = new float[config.segments()];
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
        long i = seen++;
        ring[(int) (i % ring.length)] = x;
        if (i < w - 1) {
            return Float.NaN;
        }
        shapeOf(i, current);
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
        long old = i - w;
        if (old >= w - 1 && old % config.stride() == 0) {
            shapeOf(old, current);
            System.arraycopy(current, 0, shapes, head * p, p);
            head = (head + 1) % config.memory();
            stored = Math.min(config.memory(), stored + 1);
        }
        return d;
    }

    /** The z-normalised PAA of the window of {@code w} values ending at value number {@code end}, into {@code out}. */
    private void shapeOf(long end, float[] out) {
        int w = config.window();
        int p = config.segments();
        int seg = w / p;
        long start = end - w + 1;
        double mean = 0;
        for (long k = start; k <= end; k++) {
            mean += ring[(int) (k % ring.length)];
        }
        mean /= w;
        double ss = 0;
        for (long k = start; k <= end; k++) {
            double e = ring[(int) (k % ring.length)] - mean;
            ss += e * e;
        }
        double sd = Math.max(Math.sqrt(ss / w), Math.max(ScoreNormaliser.MIN_STD,
                ScoreNormaliser.MIN_RELATIVE_STD * Math.abs(mean)));
        for (int j = 0; j < p; j++) {
            double s = 0;
            long from = start + (long) j * seg;
            for (int k = 0; k < seg; k++) {
                s += ring[(int) ((from + k) % ring.length)];
            }
            out[j] = (float) ((s / seg - mean) / sd);
        }
    }

    /** Bytes of {@link #writeTo}. */
    int serializedSize() {
        return 8 + 4 + 4 + 4 * ring.length + 4 * shapes.length;
    }

    void writeTo(ByteBuffer out) {
        out.putLong(seen);
        out.putInt(stored);
        out.putInt(head);
        for (float v : ring) {
            out.putFloat(v);
        }
        for (float v : shapes) {
            out.putFloat(v);
        }
    }

    /** Reads what {@link #writeTo} wrote for the same configuration; throws {@link IllegalStateException} if invalid. */
    void readFrom(ByteBuffer in) {
        long n = in.getLong();
        int s = in.getInt();
        int h = in.getInt();
        if (n < 0 || s < 0 || s > config.memory() || h < 0 || h >= config.memory()) {
            throw new IllegalStateException("shape memory: seen " + n + ", stored " + s + ", head " + h
                    + " (memory " + config.memory() + ")");
        }
        seen = n;
        stored = s;
        head = h;
        for (int k = 0; k < ring.length; k++) {
            ring[k] = in.getFloat();
        }
        for (int k = 0; k < shapes.length; k++) {
            shapes[k] = in.getFloat();
        }
    }

    boolean isFinite() {
        for (float v : ring) {
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

    long heapBytes() {
        return 16 + 4 * 8 + 8 + 4 + 4 + (16 + 4L * ring.length) + (16 + 4L * shapes.length)
                + (16 + 4L * current.length);
    }
}
