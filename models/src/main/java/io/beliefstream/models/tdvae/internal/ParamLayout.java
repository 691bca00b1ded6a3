package io.beliefstream.models.tdvae.internal;

import io.beliefstream.models.tdvae.TdVaeConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Names and shapes of every TD-VAE parameter, shared by the SameDiff graph, the plain-Java serving network and the
 * bundle. Matrices are {@code [in, out]} row-major (so {@code y = x·W + b}); biases are {@code [1, out]}.
 *
 * <ul>
 *   <li>{@code lstm.Wx [D, 4H]}, {@code lstm.Wh [H, 4H]}, {@code lstm.b [1, 4H]}: gates in the order input, forget,
 *       cell, output.
 *   <li>{@code B<l>.*}: belief net of latent layer {@code l} (0 = top), input {@code [b, z_0 .. z_{l-1}]}.
 *   <li>{@code S<l>.*}: smoothing net of layer {@code l}, input {@code [z_{t2}, b_{t1}, b_{t2}, dt features,
 *       z_{t1,0} .. z_{t1,l-1}]}.
 *   <li>{@code T.*}: transition, input {@code [z_{t1}, dt features]}, output all layers; with the rotation
 *       transition (layout version 2, {@link TdVaeConfig.Transition#ROTATION}) there is no mean head
 *       ({@code T.Wm, T.bm}) but {@code T.Wr [L·Z, P]} and {@code T.br [1, P]}, the angular velocities
 *       {@code ω = κ·(z·Wr + br)} of the {@code P = ⌊L·Z/2⌋} rotated pairs.
 *   <li>{@code D.*}: decoder, input {@code z}, hidden {@code decoderHidden}, output {@code x}.
 * </ul>
 *
 * Each Gaussian net {@code P} has {@code P.W1, P.b1} (tanh hidden), {@code P.Wm, P.bm} (mean head) and
 * {@code P.Ws, P.bs} (softplus std head).
 */
public final class ParamLayout {
    /** One parameter: name and {@code [rows, cols]} shape. */
    public record Param(String name, int rows, int cols) {
        public int size() {
            return rows * cols;
        }
    }

    private final TdVaeConfig config;
    private final List<Param> params;

    public ParamLayout(TdVaeConfig config) {
        this.config = config;
        List<Param> p = new ArrayList<>();
        int d = config.inputDim();
        int h = config.beliefSize();
        int z = config.latentSize();
        int zt = config.totalLatent();
        int hd = config.hiddenSize();
        int dtf = TdVaeConfig.DT_FEATURES;
        p.add(new Param("lstm.Wx", d, 4 * h));
        p.add(new Param("lstm.Wh", h, 4 * h));
        p.add(new Param("lstm.b", 1, 4 * h));
        for (int l = 0; l < config.latentLayers(); l++) {
            gaussianNet(p, "B" + l, h + l * z, hd, z);
        }
        for (int l = 0; l < config.latentLayers(); l++) {
            gaussianNet(p, "S" + l, zt + 2 * h + dtf + l * z, hd, z);
        }
        if (config.rotationPairs() > 0) {
            // rotation transition: the mean is R(dt·ω)·z, so T has no mean head
            p.add(new Param("T.W1", zt + dtf, hd));
            p.add(new Param("T.b1", 1, hd));
            p.add(new Param("T.Ws", hd, zt));
            p.add(new Param("T.bs", 1, zt));
            p.add(new Param("T.Wr", zt, config.rotationPairs()));
            p.add(new Param("T.br", 1, config.rotationPairs()));
        } else {
            gaussianNet(p, "T", zt + dtf, hd, zt);
        }
        gaussianNet(p, "D", zt, config.decoderHidden(), d);
        this.params = Collections.unmodifiableList(p);
    }

    private static void gaussianNet(List<Param> p, String prefix, int in, int hidden, int out) {
        p.add(new Param(prefix + ".W1", in, hidden));
        p.add(new Param(prefix + ".b1", 1, hidden));
        p.add(new Param(prefix + ".Wm", hidden, out));
        p.add(new Param(prefix + ".bm", 1, out));
        p.add(new Param(prefix + ".Ws", hidden, out));
        p.add(new Param(prefix + ".bs", 1, out));
    }

    public TdVaeConfig config() {
        return config;
    }

    public List<Param> params() {
        return params;
    }

    /** Total number of scalars. */
    public int parameterCount() {
        int n = 0;
        for (Param p : params) {
            n += p.size();
        }
        return n;
    }

    /** Shortest initial rotation period (steps) of the rotation transition's bank; see {@link #initialise}. */
    public static final double ROTATION_PERIOD_MIN = 4;
    /** Longest initial rotation period (steps) of the rotation transition's bank; see {@link #initialise}. */
    public static final double ROTATION_PERIOD_MAX = 512;

    /**
     * Seeded initial values: weights uniform in {@code ±sqrt(6 / (in + out))} (Glorot), biases zero except the LSTM
     * forget gate (1) and the std heads ({@code -1}, so initial σ ≈ 0.31 + MIN_STD). The std-head weights are scaled
     * by 0.1 so initial variances start near that value.
     *
     * <p>Layout version 2 ({@link TdVaeConfig#layoutVersion()}): the angular-velocity weights {@code T.Wr} start at
     * zero and the biases {@code T.br} start as a fixed bank of angular velocities {@code ω_p = 2π/period_p}
     * ({@code T.br = ω/κ}) with periods spaced geometrically from {@value #ROTATION_PERIOD_MIN} to
     * {@value #ROTATION_PERIOD_MAX} steps (a generic multi-scale start, the same for every data set), and
     * {@code lstm.Wx} is initialised as a weight matrix even when it has one row ({@code inputDim = 1}); version 1
     * treats every one-row matrix as a bias and starts {@code lstm.Wx} at zero for univariate input (kept so that
     * seeded version-1 runs reproduce).
     */
    public Map<String, float[]> initialise(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, float[]> out = new TreeMap<>();
        int h = config.beliefSize();
        for (Param p : params) {
            float[] v = new float[p.size()];
            boolean bias = p.rows() == 1 && !(config.layoutVersion() >= 2 && p.name().equals("lstm.Wx"));
            if (bias) {
                if (p.name().equals("lstm.b")) {
                    for (int j = h; j < 2 * h; j++) {
                        v[j] = 1f;
                    }
                } else if (p.name().endsWith(".bs")) {
                    java.util.Arrays.fill(v, -1f);
                } else if (p.name().equals("T.br")) {
                    for (int q = 0; q < v.length; q++) {
                        double f = v.length == 1 ? 0.5 : q / (double) (v.length - 1);
                        double period = ROTATION_PERIOD_MIN * Math.pow(ROTATION_PERIOD_MAX / ROTATION_PERIOD_MIN, f);
                        v[q] = (float) (2 * Math.PI / period / TdVaeConfig.ROTATION_RATE_SCALE);
                    }
                }
            } else {
                double limit = Math.sqrt(6.0 / (p.rows() + p.cols()));
                if (p.name().equals("T.Wr")) {
                    limit = 0; // the angular velocities start as the constant bank T.br
                } else if (p.name().endsWith(".Ws")) {
                    limit *= 0.1;
                }
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((rnd.nextDouble() * 2 - 1) * limit);
                }
            }
            out.put(p.name(), v);
        }
        return out;
    }

    /** Checks that {@code values} holds exactly the parameters of this layout with the right sizes. */
    public void validate(Map<String, float[]> values) {
        for (Param p : params) {
            float[] v = values.get(p.name());
            if (v == null) {
                throw new IllegalArgumentException("missing parameter " + p.name());
            }
            if (v.length != p.size()) {
                throw new IllegalArgumentException("parameter " + p.name() + " has " + v.length + " values, expected "
                        + p.rows() + "x" + p.cols());
            }
        }
    }
}
