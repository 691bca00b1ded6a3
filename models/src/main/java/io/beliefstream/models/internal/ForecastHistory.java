package io.beliefstream.models.internal;

import io.beliefstream.models.stats.Gaussians;
import java.nio.ByteBuffer;

/**
 * The forecasts a stream made in its last {@code k} steps for each horizon {@code k}, kept so that each new
 * observation can be scored against the forecast that targeted it. For horizon {@code k}, the forecast made after
 * observation {@code n} targets observation {@code n + k} and lives in slot {@code n mod k} of that horizon's ring,
 * which is exactly the slot observation {@code n + k} reads before it is overwritten.
 *
 * <p>Layout: one float array; horizon {@code h} owns {@code k_h} slots of {@code 2·D} floats (mean then std), or of
 * {@code 4·D} floats (mean, std, then the lower and upper offsets the interval was published with, in units of the
 * std) when the history keeps published intervals for interval calibration ({@link ConformalIntervals}).
 */
public final class ForecastHistory {
    private final int[] horizons;
    private final int[] offsets;
    private final int dim;
    /** Floats per dimension in a slot: 2 (mean, std) or 4 (mean, std, published lower and upper offsets). */
    private final int width;
    private final float[] slots;

    /** A history of means and stds. */
    public ForecastHistory(int[] horizons, int dim) {
        this(horizons, dim, false);
    }

    /** A history of means and stds and, if {@code withPublishedIntervals}, the published interval offsets. */
    public ForecastHistory(int[] horizons, int dim, boolean withPublishedIntervals) {
        this.horizons = horizons;
        this.dim = dim;
        this.width = withPublishedIntervals ? 4 : 2;
        this.offsets = new int[horizons.length];
        int total = 0;
        for (int h = 0; h < horizons.length; h++) {
            offsets[h] = total;
            total += horizons[h] * width * dim;
        }
        this.slots = new float[total];
    }

    /** Number of floats stored, for the binary form. */
    public int floatCount() {
        return slots.length;
    }

    /**
     * Negative log-likelihood of {@code x[xOff .. xOff + D)}, the {@code n}-th observation (1-based), under the
     * forecast for horizon index {@code h} made {@code k_h} steps earlier; {@code NaN} when {@code n <= k_h}.
     */
    public float surprise(int h, long n, float[] x, int xOff) {
        int k = horizons[h];
        if (n <= k) {
            return Float.NaN;
        }
        int base = slotBase(h, n);
        double nll = 0;
        for (int d = 0; d < dim; d++) {
            nll += Gaussians.nll(x[xOff + d], slots[base + d], slots[base + dim + d]);
        }
        return (float) nll;
    }

    /**
     * Mean of dimension {@code d} of the forecast for horizon index {@code h} that targets the {@code n}-th
     * observation (made {@code k_h} steps earlier); only meaningful when {@code n > k_h}.
     */
    public float targetMean(int h, long n, int d) {
        return slots[slotBase(h, n) + d];
    }

    /** Std of dimension {@code d} of the forecast that {@link #targetMean} describes. */
    public float targetStd(int h, long n, int d) {
        return slots[slotBase(h, n) + dim + d];
    }

    /** Published lower offset (in stds) of dimension {@code d} of the forecast that {@link #targetMean} describes. */
    public float targetLowerOffset(int h, long n, int d) {
        return slots[slotBase(h, n) + 2 * dim + d];
    }

    /** Published upper offset (in stds) of dimension {@code d} of the forecast that {@link #targetMean} describes. */
    public float targetUpperOffset(int h, long n, int d) {
        return slots[slotBase(h, n) + 3 * dim + d];
    }

    /**
     * Records the interval offsets (lower bound = mean + lower·std, upper = mean + upper·std) the forecast made right
     * after the {@code n}-th observation was published with.
     */
    public void recordPublishedOffsets(int h, long n, int d, float lower, float upper) {
        int base = slotBase(h, n);
        slots[base + 2 * dim + d] = lower;
        slots[base + 3 * dim + d] = upper;
    }

    /** Records the forecast made right after the {@code n}-th observation for horizon index {@code h}. */
    public void record(int h, long n, int d, float mean, float std) {
        int base = slotBase(h, n);
        slots[base + d] = mean;
        slots[base + dim + d] = std;
    }

    private int slotBase(int h, long n) {
        int k = horizons[h];
        return offsets[h] + (int) (n % k) * width * dim;
    }

    /**
     * Whether every recorded forecast is finite: means finite, spreads finite or {@code NaN} (the placeholder for
     * "no spread yet", which scores no surprise).
     */
    public boolean isFinite() {
        int h = 0;
        for (int i = 0; i < slots.length; i++) {
            while (h + 1 < offsets.length && i >= offsets[h + 1]) {
                h++;
            }
            boolean spread = (i - offsets[h]) % (2 * dim) >= dim;
            if (Float.isInfinite(slots[i]) || Float.isNaN(slots[i]) && !spread) {
                return false;
            }
        }
        return true;
    }

    public void writeTo(ByteBuffer out) {
        for (float v : slots) {
            out.putFloat(v);
        }
    }

    public void readFrom(ByteBuffer in) {
        for (int i = 0; i < slots.length; i++) {
            slots[i] = in.getFloat();
        }
    }

    /**
     * Reads the binary form of a history without published intervals (means and stds only) into this one, whose
     * published offsets become {@code NaN} (unknown).
     */
    public void readFromWithoutPublishedIntervals(ByteBuffer in) {
        for (int base = 0; base < slots.length; base += width * dim) {
            for (int i = 0; i < 2 * dim; i++) {
                slots[base + i] = in.getFloat();
            }
            for (int i = 2 * dim; i < width * dim; i++) {
                slots[base + i] = Float.NaN;
            }
        }
    }

    /** Approximate heap bytes: the array plus object headers. */
    public long heapBytes() {
        return 16L + 4L * slots.length + 16 + 16 + 4L * offsets.length;
    }
}
