package io.beliefstream.models.internal;

import java.nio.ByteBuffer;

/**
 * The forecasts a stream made in its last {@code k} steps for each horizon {@code k}, kept so that each new
 * observation can be scored against the forecast that targeted it. For horizon {@code k}, the forecast made after
 * observation {@code n} targets observation {@code n + k} and lives in slot {@code n mod k} of that horizon's ring,
 * which is exactly the slot observation {@code n + k} reads before it is overwritten.
 *
 * <p>Layout: one float array; horizon {@code h} owns {@code k_h} slots of {@code 2·D} floats (mean then std).
 */
public final class ForecastHistory {
    private final int[] horizons;
    private final int[] offsets;
    private final int dim;
    private final float[] slots;

    public ForecastHistory(int[] horizons, int dim) {
        this.horizons = horizons;
        this.dim = dim;
        this.offsets = new int[horizons.length];
        int total = 0;
        for (int h = 0; h < horizons.length; h++) {
            offsets[h] = total;
            total += horizons[h] * 2 * dim;
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

    /** Records the forecast made right after the {@code n}-th observation for horizon index {@code h}. */
    public void record(int h, long n, int d, float mean, float std) {
        int base = slotBase(h, n);
        slots[base + d] = mean;
        slots[base + dim + d] = std;
    }

    private int slotBase(int h, long n) {
        int k = horizons[h];
        return offsets[h] + (int) (n % k) * 2 * dim;
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

    /** Approximate heap bytes: the array plus object headers. */
    public long heapBytes() {
        return 16L + 4L * slots.length + 16 + 16 + 4L * offsets.length;
    }
}
