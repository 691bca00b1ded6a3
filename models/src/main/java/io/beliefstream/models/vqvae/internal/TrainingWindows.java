package io.beliefstream.models.vqvae.internal;

/**
 * The windows a window scorer trains on (row-major {@code n × W}), as the VQ-VAE's and the scorer family's trainers
 * both take them: the count checked against the batch size, one seeded shuffle of their order, and rows copied out in
 * that order (the fixed evaluation subset, the minibatches).
 */
public final class TrainingWindows {
    private TrainingWindows() {}

    /**
     * The number of windows of length {@code w} in {@code windows}.
     *
     * @throws IllegalArgumentException when the length is not a multiple of {@code w} or there are fewer windows
     *     than {@code batchSize}
     */
    public static int count(float[] windows, int w, int batchSize) {
        if (windows.length % w != 0) {
            throw new IllegalArgumentException("windows must hold a multiple of window = " + w + " values");
        }
        int n = windows.length / w;
        if (n < batchSize) {
            throw new IllegalArgumentException("need at least batchSize = " + batchSize + " windows, got " + n);
        }
        return n;
    }

    /** {@code 0 .. n-1} in the order one {@link SplitMix64#shuffle} of {@code rnd} gives. */
    public static int[] shuffledOrder(int n, SplitMix64 rnd) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        rnd.shuffle(order);
        return order;
    }

    /** Windows {@code order[from .. from + count)} of {@code windows}, copied row-major. */
    public static float[] rows(float[] windows, int[] order, int from, int count, int w) {
        float[] out = new float[count * w];
        for (int i = 0; i < count; i++) {
            System.arraycopy(windows, order[from + i] * w, out, i * w, w);
        }
        return out;
    }
}
