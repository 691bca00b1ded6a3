package io.beliefstream.models.tdvae.internal;

import io.beliefstream.models.tdvae.TdVaeConfig;
import java.util.Map;

/**
 * The trained TD-VAE as plain Java float loops over a batch, for serving: the belief LSTM step and the
 * deterministic jumpy forecast of {@link TdVaeGraph} (class comment there), computed without allocation into
 * caller-owned buffers. All buffers are row-major {@code [batch, width]}. Matrix products are written as
 * {@code out[b, :] += x[b, i] · W[i, :]} so the inner loop runs over contiguous memory and vectorises.
 *
 * <p>Immutable and thread-safe; the mutable scratch lives in {@link Scratch}, one per thread.
 */
public final class TdVaeNet {
    private final TdVaeConfig config;
    private final int dim;
    private final int belief;
    private final int latent;
    private final int layers;
    private final int totalLatent;
    private final float[] wx;
    private final float[] wh;
    private final float[] bl;
    private final Dense[] beliefNets;
    private final Dense transition;
    private final Dense decoder;

    /** One Gaussian net: hidden tanh layer, mean head, softplus std head. */
    static final class Dense {
        final int in;
        final int hidden;
        final int out;
        final float[] w1;
        final float[] b1;
        final float[] wm;
        final float[] bm;
        final float[] ws;
        final float[] bs;
        /** {@code Wmᵀ, Wsᵀ} ({@code [out, hidden]}) for narrow heads, computed as dot products. */
        final float[] wmT;
        final float[] wsT;

        Dense(Map<String, float[]> p, String prefix, int in, int hidden, int out) {
            this.in = in;
            this.hidden = hidden;
            this.out = out;
            this.w1 = p.get(prefix + ".W1").clone();
            this.b1 = p.get(prefix + ".b1").clone();
            this.wm = p.get(prefix + ".Wm").clone();
            this.bm = p.get(prefix + ".bm").clone();
            this.ws = p.get(prefix + ".Ws").clone();
            this.bs = p.get(prefix + ".bs").clone();
            this.wmT = transpose(wm, hidden, out);
            this.wsT = transpose(ws, hidden, out);
        }
    }

    private static float[] transpose(float[] w, int rows, int cols) {
        float[] t = new float[w.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = w[r * cols + c];
            }
        }
        return t;
    }

    /** Heads narrower than this are computed as dot products over the hidden layer, wider ones as axpy rows. */
    private static final int NARROW = 16;

    /** Per-thread buffers for batches of at most {@code maxBatch}. */
    public static final class Scratch {
        final int maxBatch;
        final float[] gates;
        final float[] netIn;
        final float[] hid;
        final float[] hidD;
        final float[] zTop;
        final float[] zT;
        final float[] sT;
        final float[] jac;

        Scratch(TdVaeNet n, int maxBatch) {
            this.maxBatch = maxBatch;
            int maxIn = Math.max(n.belief + n.totalLatent, n.totalLatent + TdVaeConfig.DT_FEATURES);
            this.gates = new float[maxBatch * 4 * n.belief];
            this.netIn = new float[maxBatch * maxIn];
            this.hid = new float[maxBatch * n.config.hiddenSize()];
            this.hidD = new float[maxBatch * n.config.decoderHidden()];
            this.zTop = new float[maxBatch * n.latent];
            this.zT = new float[maxBatch * n.totalLatent];
            this.sT = new float[maxBatch * n.totalLatent];
            this.jac = new float[n.config.decoderHidden()];
        }
    }

    public TdVaeNet(TdVaeConfig config, Map<String, float[]> params) {
        new ParamLayout(config).validate(params);
        this.config = config;
        this.dim = config.inputDim();
        this.belief = config.beliefSize();
        this.latent = config.latentSize();
        this.layers = config.latentLayers();
        this.totalLatent = config.totalLatent();
        this.wx = params.get("lstm.Wx").clone();
        this.wh = params.get("lstm.Wh").clone();
        this.bl = params.get("lstm.b").clone();
        this.beliefNets = new Dense[layers];
        for (int l = 0; l < layers; l++) {
            beliefNets[l] = new Dense(params, "B" + l, belief + l * latent, config.hiddenSize(), latent);
        }
        this.transition = new Dense(params, "T", totalLatent + TdVaeConfig.DT_FEATURES, config.hiddenSize(),
                totalLatent);
        this.decoder = new Dense(params, "D", totalLatent, config.decoderHidden(), dim);
    }

    public TdVaeConfig config() {
        return config;
    }

    public Scratch newScratch(int maxBatch) {
        return new Scratch(this, maxBatch);
    }

    /**
     * One LSTM step {@code (h, c) ← LSTM(h, c, x)} for {@code batch} rows: gates
     * {@code [i, f, g, o] = x·Wx + h·Wh + b}, {@code c ← σ(f)·c + σ(i)·tanh(g)}, {@code h ← σ(o)·tanh(c)}.
     * A new stream starts from {@code h = c = 0}.
     */
    public void lstm(float[] x, float[] h, float[] c, int batch, Scratch s) {
        int g4 = 4 * belief;
        float[] gates = s.gates;
        for (int b = 0; b < batch; b++) {
            int go = b * g4;
            System.arraycopy(bl, 0, gates, go, g4);
            for (int i = 0; i < dim; i++) {
                axpy(x[b * dim + i], wx, i * g4, gates, go, g4);
            }
            for (int i = 0; i < belief; i++) {
                float hi = h[b * belief + i];
                if (hi != 0f) {
                    axpy(hi, wh, i * g4, gates, go, g4);
                }
            }
            int ho = b * belief;
            for (int j = 0; j < belief; j++) {
                double ig = sigmoid(gates[go + j]);
                double fg = sigmoid(gates[go + belief + j]);
                double gg = tanh(gates[go + 2 * belief + j]);
                double og = sigmoid(gates[go + 3 * belief + j]);
                double cn = fg * c[ho + j] + ig * gg;
                c[ho + j] = (float) cn;
                h[ho + j] = (float) (og * tanh(cn));
            }
        }
    }

    /** The mean of {@code p_B(z|b)} (top layer, then lower layers at the upper means) into {@code z [batch, L·Z]}. */
    public void beliefMean(float[] h, int batch, float[] z, Scratch s) {
        for (int l = 0; l < layers; l++) {
            Dense net = beliefNets[l];
            int in = net.in;
            for (int b = 0; b < batch; b++) {
                System.arraycopy(h, b * belief, s.netIn, b * in, belief);
                System.arraycopy(z, b * totalLatent, s.netIn, b * in + belief, l * latent);
            }
            hiddenLayer(net, s.netIn, batch, s.hid);
            head(net.wm, net.wmT, net.bm, net.hidden, net.out, s.hid, batch, s.zTop, false);
            for (int b = 0; b < batch; b++) {
                System.arraycopy(s.zTop, b * latent, z, b * totalLatent + l * latent, latent);
            }
        }
    }

    /**
     * The transition {@code p_T(z'|z, dt)}: mean {@code z + μ} into {@code zOut} and std into {@code sOut}, both
     * {@code [batch, L·Z]}.
     */
    public void transition(float[] z, double dt, int batch, float[] zOut, float[] sOut, Scratch s) {
        Dense net = transition;
        int in = net.in;
        float f0 = (float) TdVaeConfig.dtFeature(0, dt);
        float f1 = (float) TdVaeConfig.dtFeature(1, dt);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(z, b * totalLatent, s.netIn, b * in, totalLatent);
            s.netIn[b * in + totalLatent] = f0;
            s.netIn[b * in + totalLatent + 1] = f1;
        }
        hiddenLayer(net, s.netIn, batch, s.hid);
        head(net.wm, net.wmT, net.bm, net.hidden, net.out, s.hid, batch, zOut, false);
        for (int i = 0; i < batch * totalLatent; i++) {
            zOut[i] += z[i];
        }
        if (sOut != null) {
            head(net.ws, net.wsT, net.bs, net.hidden, net.out, s.hid, batch, sOut, true);
        }
    }

    /**
     * The decoder {@code p_D(x|z)} at {@code z}, moment-matched to first order over {@code z ~ N(z, diag(zStd²))}:
     * {@code mean = μ_D(z)}, {@code var = σ_D(z)² + Σ_j (∂μ_D/∂z_j)² zStd_j²}. {@code zStd} may be {@code null}
     * (no latent uncertainty).
     */
    public void decode(float[] z, float[] zStd, int batch, float[] mean, float[] var, Scratch s) {
        Dense net = decoder;
        hiddenLayer(net, z, batch, s.hidD);
        head(net.wm, net.wmT, net.bm, net.hidden, dim, s.hidD, batch, mean, false);
        head(net.ws, net.wsT, net.bs, net.hidden, dim, s.hidD, batch, var, true);
        int hx = net.hidden;
        for (int b = 0; b < batch; b++) {
            for (int e = 0; e < dim; e++) {
                double sd = var[b * dim + e];
                double v = sd * sd;
                if (zStd != null) {
                    // ∂μ_D,e/∂z_j = Σ_u W1[j, u] (1 - h_u²) Wm[u, e]: g_u first, then one dot per latent j
                    for (int u = 0; u < hx; u++) {
                        float hu = s.hidD[b * hx + u];
                        s.jac[u] = (1f - hu * hu) * net.wm[u * dim + e];
                    }
                    for (int j = 0; j < totalLatent; j++) {
                        double js = (double) dot(net.w1, j * hx, s.jac, 0, hx) * zStd[b * totalLatent + j];
                        v += js * js;
                    }
                }
                var[b * dim + e] = (float) v;
            }
        }
    }

    /**
     * The jumpy forecast for horizon {@code dt} from latent means {@code z}: one transition, then
     * {@link #decode} with the transition's std. Mean and variance of {@code x_{t+dt}} (normalised units) into
     * {@code mean} and {@code var}, {@code [batch, D]}.
     */
    public void forecast(float[] z, double dt, int batch, float[] mean, float[] var, Scratch s) {
        transition(z, dt, batch, s.zT, s.sT, s);
        decode(s.zT, s.sT, batch, mean, var, s);
    }

    private void hiddenLayer(Dense net, float[] in, int batch, float[] out) {
        for (int b = 0; b < batch; b++) {
            int o = b * net.hidden;
            System.arraycopy(net.b1, 0, out, o, net.hidden);
            for (int i = 0; i < net.in; i++) {
                axpy(in[b * net.in + i], net.w1, i * net.hidden, out, o, net.hidden);
            }
            for (int j = 0; j < net.hidden; j++) {
                out[o + j] = (float) tanh(out[o + j]);
            }
        }
    }

    private static void head(float[] w, float[] wT, float[] bias, int nIn, int nOut, float[] in, int batch,
            float[] out, boolean std) {
        for (int b = 0; b < batch; b++) {
            int o = b * nOut;
            if (nOut < NARROW) {
                for (int j = 0; j < nOut; j++) {
                    out[o + j] = bias[j] + dot(in, b * nIn, wT, j * nIn, nIn);
                }
            } else {
                System.arraycopy(bias, 0, out, o, nOut);
                for (int i = 0; i < nIn; i++) {
                    axpy(in[b * nIn + i], w, i * nOut, out, o, nOut);
                }
            }
            if (std) {
                for (int j = 0; j < nOut; j++) {
                    out[o + j] = (float) (softplus(out[o + j]) + TdVaeConfig.MIN_STD);
                }
            }
        }
    }

    /** {@code Σ x[xOff + i]·w[wOff + i]} with four partial sums (shorter dependency chains). */
    private static float dot(float[] x, int xOff, float[] w, int wOff, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[xOff + i] * w[wOff + i];
            s1 += x[xOff + i + 1] * w[wOff + i + 1];
            s2 += x[xOff + i + 2] * w[wOff + i + 2];
            s3 += x[xOff + i + 3] * w[wOff + i + 3];
        }
        for (; i < n; i++) {
            s0 += x[xOff + i] * w[wOff + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static void axpy(float a, float[] w, int wOff, float[] y, int yOff, int n) {
        for (int j = 0; j < n; j++) {
            y[yOff + j] += a * w[wOff + j];
        }
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    static double tanh(double x) {
        return 1.0 - 2.0 / (Math.exp(2 * x) + 1.0);
    }

    static double softplus(double x) {
        return Math.max(x, 0) + Math.log(1.0 + Math.exp(-Math.abs(x)));
    }
}
