package io.beliefstream.models.tdvae.internal;

import io.beliefstream.models.tdvae.TdVaeConfig;
import io.beliefstream.models.tdvae.TdVaeTrainingConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Samples training batches for {@link TdVaeGraph}: windows, {@code (t1, t2)} pairs with the configured jump
 * distribution, and reparameterisation noise, all from one seeded generator.
 */
public final class PairBatch {
    private final List<float[][]> sequences;
    private final long[] cumulativeWindows;
    private final TdVaeConfig config;
    private final TdVaeTrainingConfig training;
    private final SplittableRandom rnd;

    /** @param sequences normalised sequences {@code [time][dim]}, each at least {@code windowLength} long */
    public PairBatch(List<float[][]> sequences, TdVaeConfig config, TdVaeTrainingConfig training, long seed) {
        this.sequences = sequences;
        this.config = config;
        this.training = training;
        this.rnd = new SplittableRandom(seed);
        this.cumulativeWindows = new long[sequences.size()];
        long total = 0;
        for (int i = 0; i < sequences.size(); i++) {
            int windows = sequences.get(i).length - training.windowLength() + 1;
            if (windows < 1) {
                throw new IllegalArgumentException("sequence " + i + " is shorter than the window length");
            }
            total += windows;
            cumulativeWindows[i] = total;
        }
    }

    /** Draws a jump from the configured mixture, capped at {@code cap}. */
    public static int sampleJump(SplittableRandom rnd, TdVaeTrainingConfig t, int cap) {
        int dt = rnd.nextDouble() < t.jumpProbabilityShort() ? 1 + rnd.nextInt(t.shortJumpMax())
                : 1 + rnd.nextInt(t.longJumpMax());
        return Math.max(1, Math.min(dt, cap));
    }

    /**
     * One batch as plain arrays, reused from step to step ({@link #fill}): windows of {@code length} observations,
     * time-major, and {@code pairs} {@code (t1, t2)} pairs with their reparameterisation noise.
     */
    public static final class Batch {
        /** Number of windows {@code N}. */
        public final int windows;
        /** Window length {@code T}. */
        public final int length;
        /** Number of pairs {@code M = N · pairsPerWindow}; pair {@code p} lies in window {@code p / pairsPerWindow}. */
        public final int pairs;
        /** Input dimension {@code D}. */
        public final int dim;
        /** Total latent size {@code L·Z} (columns of the noise). */
        public final int latent;
        /** Observations {@code [T][N][D]}, time-major. */
        public final float[] x;
        /** Window of each pair. */
        public final int[] window;
        /** {@code t1} and {@code t2} of each pair. */
        public final int[] t1;
        public final int[] t2;
        /** {@code x_{t2}} of each pair, {@code [M][D]}. */
        public final float[] xt2;
        /** Jump features of each pair, {@code [M][DT_FEATURES]}. */
        public final float[] dtf;
        /** Standard-normal noise of the {@code z_{t1}} and {@code z_{t2}} samples, {@code [M][L·Z]} each. */
        public final float[] eps1;
        public final float[] eps2;

        public Batch(int windows, int length, int pairsPerWindow, int dim, int latent) {
            this.windows = windows;
            this.length = length;
            this.pairs = windows * pairsPerWindow;
            this.dim = dim;
            this.latent = latent;
            this.x = new float[length * windows * dim];
            this.window = new int[pairs];
            this.t1 = new int[pairs];
            this.t2 = new int[pairs];
            this.xt2 = new float[pairs * dim];
            this.dtf = new float[pairs * TdVaeConfig.DT_FEATURES];
            this.eps1 = new float[pairs * latent];
            this.eps2 = new float[pairs * latent];
        }

        /** The placeholders of {@link TdVaeGraph}'s training graph for this batch, as arrays of {@code type}. */
        public Map<String, INDArray> placeholders(DataType type) {
            int m = pairs;
            float[] sel1 = new float[m * windows * length];
            float[] sel2 = new float[sel1.length];
            for (int p = 0; p < m; p++) {
                sel1[p * windows * length + window[p] * length + t1[p]] = 1;
                sel2[p * windows * length + window[p] * length + t2[p]] = 1;
            }
            Map<String, INDArray> ph = new HashMap<>();
            ph.put("x", Nd4j.createFromArray(x).reshape(length, windows, dim).castTo(type));
            ph.put("sel1", Nd4j.createFromArray(sel1).reshape(m, windows * length).castTo(type));
            ph.put("sel2", Nd4j.createFromArray(sel2).reshape(m, windows * length).castTo(type));
            ph.put("xt2", Nd4j.createFromArray(xt2).reshape(m, dim).castTo(type));
            ph.put("dtf", Nd4j.createFromArray(dtf).reshape(m, TdVaeConfig.DT_FEATURES).castTo(type));
            ph.put("eps1", Nd4j.createFromArray(eps1).reshape(m, latent).castTo(type));
            ph.put("eps2", Nd4j.createFromArray(eps2).reshape(m, latent).castTo(type));
            return ph;
        }
    }

    /** An empty batch of {@code windows} windows shaped for this sampler; fill it with {@link #fill}. */
    public Batch newBatch(int windows) {
        return new Batch(windows, training.windowLength(), training.pairsPerWindow(), config.inputDim(),
                config.totalLatent());
    }

    /** Draws the next batch into {@code b} (no allocation). */
    public void fill(Batch b) {
        int len = b.length;
        int d = b.dim;
        int windows = b.windows;
        int pairs = b.pairs / windows;
        for (int n = 0; n < windows; n++) {
            long pick = rnd.nextLong(cumulativeWindows[cumulativeWindows.length - 1]);
            int s = 0;
            while (cumulativeWindows[s] <= pick) {
                s++;
            }
            long start = pick - (s == 0 ? 0 : cumulativeWindows[s - 1]);
            float[][] seq = sequences.get(s);
            for (int t = 0; t < len; t++) {
                for (int j = 0; j < d; j++) {
                    b.x[(t * windows + n) * d + j] = seq[(int) start + t][j];
                }
            }
            int cap = len - 1 - training.burnIn();
            for (int p = 0; p < pairs; p++) {
                int row = n * pairs + p;
                int dt = sampleJump(rnd, training, cap);
                int t1 = training.burnIn() + rnd.nextInt(len - dt - training.burnIn());
                int t2 = t1 + dt;
                b.window[row] = n;
                b.t1[row] = t1;
                b.t2[row] = t2;
                for (int j = 0; j < d; j++) {
                    b.xt2[row * d + j] = seq[(int) start + t2][j];
                }
                for (int f = 0; f < TdVaeConfig.DT_FEATURES; f++) {
                    b.dtf[row * TdVaeConfig.DT_FEATURES + f] = (float) TdVaeConfig.dtFeature(f, dt);
                }
            }
        }
        for (int i = 0; i < b.eps1.length; i++) {
            b.eps1[i] = (float) gaussian();
            b.eps2[i] = (float) gaussian();
        }
    }

    /** The placeholders of one new batch of {@code windows} windows, as arrays of {@code type}. */
    public Map<String, INDArray> next(int windows, DataType type) {
        Batch b = newBatch(windows);
        fill(b);
        return b.placeholders(type);
    }

    private double gaussian() {
        // Box-Muller on the seeded generator, so batches depend on the seed only
        double u1 = 1.0 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
