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

    /** The placeholders of one batch of {@code windows} windows, as arrays of {@code type}. */
    public Map<String, INDArray> next(int windows, DataType type) {
        int len = training.windowLength();
        int d = config.inputDim();
        int pairs = training.pairsPerWindow();
        int m = windows * pairs;
        int zt = config.totalLatent();
        double[] x = new double[len * windows * d];
        double[] sel1 = new double[m * windows * len];
        double[] sel2 = new double[sel1.length];
        double[] xt2 = new double[m * d];
        double[] dtf = new double[m * TdVaeConfig.DT_FEATURES];
        double[] eps1 = new double[m * zt];
        double[] eps2 = new double[m * zt];
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
                    x[(t * windows + n) * d + j] = seq[(int) start + t][j];
                }
            }
            int cap = len - 1 - training.burnIn();
            for (int p = 0; p < pairs; p++) {
                int row = n * pairs + p;
                int dt = sampleJump(rnd, training, cap);
                int t1 = training.burnIn() + rnd.nextInt(len - dt - training.burnIn());
                int t2 = t1 + dt;
                sel1[row * windows * len + n * len + t1] = 1;
                sel2[row * windows * len + n * len + t2] = 1;
                for (int j = 0; j < d; j++) {
                    xt2[row * d + j] = seq[(int) start + t2][j];
                }
                for (int f = 0; f < TdVaeConfig.DT_FEATURES; f++) {
                    dtf[row * TdVaeConfig.DT_FEATURES + f] = TdVaeConfig.dtFeature(f, dt);
                }
            }
        }
        for (int i = 0; i < eps1.length; i++) {
            eps1[i] = gaussian();
            eps2[i] = gaussian();
        }
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("x", Nd4j.createFromArray(x).reshape(len, windows, d).castTo(type));
        ph.put("sel1", Nd4j.createFromArray(sel1).reshape(m, windows * len).castTo(type));
        ph.put("sel2", Nd4j.createFromArray(sel2).reshape(m, windows * len).castTo(type));
        ph.put("xt2", Nd4j.createFromArray(xt2).reshape(m, d).castTo(type));
        ph.put("dtf", Nd4j.createFromArray(dtf).reshape(m, TdVaeConfig.DT_FEATURES).castTo(type));
        ph.put("eps1", Nd4j.createFromArray(eps1).reshape(m, zt).castTo(type));
        ph.put("eps2", Nd4j.createFromArray(eps2).reshape(m, zt).castTo(type));
        return ph;
    }

    private double gaussian() {
        // Box-Muller on the seeded generator, so batches depend on the seed only
        double u1 = 1.0 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
