package io.beliefstream.models.tdvae.internal;

import io.beliefstream.models.tdvae.TdVaeConfig;
import java.util.Map;

/**
 * The trained TD-VAE as plain Java float loops over a batch, for serving: the belief LSTM step and the
 * deterministic jumpy forecast of {@link TdVaeGraph} (class comment there), computed without allocation into
 * caller-owned buffers.
 *
 * <p><b>Layout.</b> The batch is processed in tiles of at most {@link #TILE} streams. Inside a tile every activation
 * is stored <i>feature-major</i>, one {@code float[tile]} per feature: row {@code j} holds feature {@code j} of every
 * stream of the tile. A matrix product is then {@code out[j][:] = b_j + Σ_i W[i, j] · in[i][:]}: scalar weights times
 * whole rows, four input rows per pass, which C2 auto-vectorises (the streams are the vector lanes), and every weight
 * is loaded once per tile rather than once per stream. Rows are separate arrays indexed from 0 because C2 (Java 17)
 * does not vectorise a loop whose accesses to one or several arrays have different invariant offsets (measured: 5×
 * slower, scalar). Activations run over whole rows after the products.
 * The row-major methods ({@link #lstm}, {@link #beliefMean}, {@link #transition}, {@link #decode}, {@link #forecast};
 * buffers {@code [batch, width]}) transpose into and out of the tile; the serving kernel fills the tile directly
 * ({@link Scratch#setInput}, {@link Scratch#loadBelief}) and calls the {@code …Tile} methods.
 *
 * <p><b>Activations</b> are float approximations that vectorise: {@code tanh} is the clamped odd/even rational
 * approximation of Eigen 3.4 ({@code generic_fast_tanh_float}, {@code Eigen/src/Core/MathFunctionsImpl.h}; absolute
 * error below 3e-7 here), {@code σ(x) = ½ + ½·tanh(x/2)} (exact identity), and
 * {@code softplus(x) = max(x, 0) + log1p(e^{-|x|})} with {@code e^{-|x|} = (1 - t)/(1 + t)}, {@code t = tanh(|x|/2)}
 * and {@code log1p(u) = 2·atanh(u/(2 + u))}, where {@code u/(2 + u) = (1 - t)/(3 + t) ≤ 1/3} so the atanh series to
 * the 13th power is exact to 1e-8 (absolute error below 3e-7 overall). The rotation transition's {@code cos θ},
 * {@code sin θ} (for {@code |θ| < 2^22}): {@code θ} reduced to {@code r ∈ [-π, π]} with the nearest multiple of
 * {@code 2π} (rounded by adding and subtracting {@code 1.5·2^23}, which vectorises), Taylor polynomials of
 * {@code sin} and {@code cos} of {@code h = r/2 ∈ [-π/2, π/2]} to degree 11 and 12 (truncation below 6e-8), then
 * {@code sin r = 2 sin h cos h}, {@code cos r = 1 - 2 sin² h}. The serving test bounds the total against the
 * SameDiff forward pass (1e-4).
 *
 * <p>Immutable and thread-safe; the mutable buffers live in {@link Scratch}, one per thread.
 */
public final class TdVaeNet {
    /** Streams per tile: long enough rows for the vector loops, small enough that a tile stays in L1/L2. */
    public static final int TILE = 128;

    private final TdVaeConfig config;
    private final int dim;
    private final int belief;
    private final int latent;
    private final int layers;
    private final int totalLatent;
    /** {@code [Wx; Wh]ᵀ}: row {@code j} holds the weights of gate unit {@code j} over the inputs {@code [x, h]}. */
    private final float[] lstmWT;
    private final float[] lstmB;
    private final Dense[] beliefNets;
    private final Dense transition;
    /** Rotated pairs of the rotation transition (0: residual transition). */
    private final int pairs;
    /** {@code κ·T.Wrᵀ [P, L·Z]} and {@code κ·T.br [P]} (rotation transition only; κ = ROTATION_RATE_SCALE). */
    private final float[] wrT;
    private final float[] br;
    private final Dense decoder;

    /** One Gaussian net: hidden tanh layer, mean head, softplus std head; weights transposed to {@code [out, in]}. */
    static final class Dense {
        final int in;
        final int hidden;
        final int out;
        /** {@code W1ᵀ [hidden, in]}. */
        final float[] w1T;
        /** {@code W1 [in, hidden]}, as stored (the decoder's Jacobian reads it as {@code [out = z, in = hidden]}). */
        final float[] w1;
        final float[] b1;
        /** {@code Wmᵀ [out, hidden]}. */
        final float[] wmT;
        /** {@code Wm [hidden, out]}, as stored. */
        final float[] wm;
        final float[] bm;
        /** {@code Wsᵀ [out, hidden]}. */
        final float[] wsT;
        final float[] bs;

        Dense(Map<String, float[]> p, String prefix, int in, int hidden, int out) {
            this.in = in;
            this.hidden = hidden;
            this.out = out;
            this.w1 = p.get(prefix + ".W1").clone();
            this.w1T = transpose(w1, in, hidden);
            this.b1 = p.get(prefix + ".b1").clone();
            float[] m = p.get(prefix + ".Wm"); // null: no mean head (the rotation transition)
            this.wm = m == null ? null : m.clone();
            this.wmT = m == null ? null : transpose(wm, hidden, out);
            this.bm = m == null ? null : p.get(prefix + ".bm").clone();
            this.wsT = transpose(p.get(prefix + ".Ws"), hidden, out);
            this.bs = p.get(prefix + ".bs").clone();
        }
    }

    /** {@code w · ROTATION_RATE_SCALE} in place: the kernel's ω weights already include the rate scale. */
    private static float[] scaled(float[] w) {
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (w[i] * TdVaeConfig.ROTATION_RATE_SCALE);
        }
        return w;
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

    /**
     * Per-thread buffers for batches of at most {@code maxBatch}, all feature-major: {@code [width][tile]} with
     * {@code tile = min(maxBatch, TILE)} columns.
     */
    public static final class Scratch {
        final int maxBatch;
        final int tile;
        /** Rows {@code [x (D), h (H), z (L·Z)]}: the LSTM input, the belief nets' input, the transition's input. */
        final float[][] xhz;
        final float[][] c;
        final float[][] gates;
        final float[][] hid;
        /** The transition's hidden pre-activation from {@code z} alone (shared by every horizon). */
        final float[][] tPre;
        /** The rotation transition's angular velocities {@code ω = z·Wr + br} (shared by every horizon). */
        final float[][] omega;
        final float[] dtBias;
        final float[][] zT;
        final float[][] sT;
        final float[][] hidD;
        final float[][] g;
        final float[][] jac;
        final float[][] mean;
        final float[][] var;
        /** One spare row (the first pass of {@link TdVaeNet#softplusStdRows}; the sines of the rotation). */
        final float[] tmp;
        /** The cosines of the rotation transition's angles, one pair at a time. */
        final float[] cos;
        private final int rowH;
        private final int rowZ;
        private final int belief;

        Scratch(TdVaeNet n, int maxBatch) {
            this.maxBatch = maxBatch;
            this.tile = Math.min(maxBatch, TILE);
            this.belief = n.belief;
            this.rowH = n.dim;
            this.rowZ = n.dim + n.belief;
            int hidden = n.config.hiddenSize();
            int hd = n.config.decoderHidden();
            this.xhz = new float[n.dim + n.belief + n.totalLatent][tile];
            this.c = new float[n.belief][tile];
            this.gates = new float[4 * n.belief][tile];
            this.hid = new float[hidden][tile];
            this.tPre = new float[hidden][tile];
            this.omega = new float[n.pairs][tile];
            this.dtBias = new float[hidden];
            this.zT = new float[n.totalLatent][tile];
            this.sT = new float[n.totalLatent][tile];
            this.hidD = new float[hd][tile];
            this.g = new float[hd][tile];
            this.jac = new float[n.totalLatent][tile];
            this.mean = new float[n.dim][tile];
            this.var = new float[n.dim][tile];
            this.tmp = new float[tile];
            this.cos = new float[tile];
        }

        /** Streams per tile: the {@code n} of every {@code …Tile} call is at most this. */
        public int tile() {
            return tile;
        }

        /** Sets the (normalised) input {@code x_j} of tile column {@code t}. */
        public void setInput(int t, int j, float v) {
            xhz[j][t] = v;
        }

        /** Loads {@code h} then {@code c} ({@code 2H} floats from {@code hc[off]}) into tile column {@code t}. */
        public void loadBelief(int t, float[] hc, int off) {
            for (int i = 0; i < belief; i++) {
                xhz[rowH + i][t] = hc[off + i];
                c[i][t] = hc[off + belief + i];
            }
        }

        /** Stores {@code h} then {@code c} of tile column {@code t} into {@code hc[off .. off + 2H)}. */
        public void storeBelief(int t, float[] hc, int off) {
            for (int i = 0; i < belief; i++) {
                hc[off + i] = xhz[rowH + i][t];
                hc[off + belief + i] = c[i][t];
            }
        }

        /** Forecast mean of dimension {@code e} for tile column {@code t}, after {@link TdVaeNet#forecastTile}. */
        public float mean(int t, int e) {
            return mean[e][t];
        }

        /** Forecast variance of dimension {@code e} for tile column {@code t}, after {@link TdVaeNet#forecastTile}. */
        public float variance(int t, int e) {
            return var[e][t];
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
        int g4 = 4 * belief;
        float[] wx = params.get("lstm.Wx");
        float[] wh = params.get("lstm.Wh");
        int in = dim + belief;
        this.lstmWT = new float[g4 * in];
        for (int j = 0; j < g4; j++) {
            for (int i = 0; i < dim; i++) {
                lstmWT[j * in + i] = wx[i * g4 + j];
            }
            for (int i = 0; i < belief; i++) {
                lstmWT[j * in + dim + i] = wh[i * g4 + j];
            }
        }
        this.lstmB = params.get("lstm.b").clone();
        this.beliefNets = new Dense[layers];
        for (int l = 0; l < layers; l++) {
            beliefNets[l] = new Dense(params, "B" + l, belief + l * latent, config.hiddenSize(), latent);
        }
        this.transition = new Dense(params, "T", totalLatent + TdVaeConfig.DT_FEATURES, config.hiddenSize(),
                totalLatent);
        this.decoder = new Dense(params, "D", totalLatent, config.decoderHidden(), dim);
        this.pairs = config.rotationPairs();
        this.wrT = pairs == 0 ? null : scaled(transpose(params.get("T.Wr"), totalLatent, pairs));
        this.br = pairs == 0 ? null : scaled(params.get("T.br").clone());
    }

    public TdVaeConfig config() {
        return config;
    }

    public Scratch newScratch(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        return new Scratch(this, maxBatch);
    }

    // ---------------------------------------------------------------- tile methods (feature-major, n ≤ tile)

    /**
     * One LSTM step on the tile: gates {@code [i, f, g, o] = x·Wx + h·Wh + b}, {@code c ← σ(f)·c + σ(i)·tanh(g)},
     * {@code h ← σ(o)·tanh(c)}, for the first {@code n} columns. Reads {@code x, h, c} and overwrites {@code h, c}.
     */
    public void lstmTile(Scratch s, int n) {
        int hb = belief;
        float[][] gt = s.gates;
        affine(lstmWT, dim + hb, 0, lstmB, dim + hb, 4 * hb, s.xhz, 0, gt, 0, n);
        sigmoidRows(gt, 0, 2 * hb, n);
        tanhRows(gt, 2 * hb, 3 * hb, n);
        sigmoidRows(gt, 3 * hb, 4 * hb, n);
        for (int j = 0; j < hb; j++) {
            float[] ig = gt[j];
            float[] fg = gt[hb + j];
            float[] gg = gt[2 * hb + j];
            float[] c = s.c[j];
            for (int t = 0; t < n; t++) {
                c[t] = fg[t] * c[t] + ig[t] * gg[t];
            }
            float[] og = gt[3 * hb + j];
            float[] h = s.xhz[s.rowH + j];
            for (int t = 0; t < n; t++) {
                h[t] = og[t] * tanh(c[t]);
            }
        }
    }

    /**
     * The mean of {@code p_B(z|b)} on the tile (top layer, then lower layers at the upper means) into the tile's
     * {@code z} rows, and the part of the transition's hidden pre-activation that depends on {@code z} only (shared
     * by every {@link #forecastTile} that follows).
     */
    public void beliefMeanTile(Scratch s, int n) {
        for (int l = 0; l < layers; l++) {
            Dense net = beliefNets[l];
            // input rows [h, z_0 .. z_{l-1}] are consecutive in xhz from rowH
            affine(net.w1T, net.in, 0, net.b1, net.in, net.hidden, s.xhz, s.rowH, s.hid, 0, n);
            tanhRows(s.hid, 0, net.hidden, n);
            affine(net.wmT, net.hidden, 0, net.bm, net.hidden, latent, s.hid, 0, s.xhz, s.rowZ + l * latent, n);
        }
        transitionPreTile(s, n);
    }

    private void transitionPreTile(Scratch s, int n) {
        Dense net = transition;
        affine(net.w1T, net.in, 0, null, totalLatent, net.hidden, s.xhz, s.rowZ, s.tPre, 0, n);
        if (pairs > 0) {
            affine(wrT, totalLatent, 0, br, totalLatent, pairs, s.xhz, s.rowZ, s.omega, 0, n);
        }
    }

    /**
     * The jumpy forecast for horizon {@code dt} on the tile, after {@link #beliefMeanTile}: one transition, then the
     * moment-matched decoder (see {@link #decode}). Mean and variance of {@code x_{t+dt}} in normalised units, read
     * with {@link Scratch#mean} and {@link Scratch#variance}.
     */
    public void forecastTile(Scratch s, double dt, int n) {
        transitionTile(s, dt, n, true);
        decodeTile(s, n, true);
    }

    /**
     * The decoder's mean at the belief mean itself, {@code μ_D(z_t)} (no transition): the model's reconstruction of
     * the current observation, in normalised units, read with {@link Scratch#mean}, after {@link #beliefMeanTile}.
     * Overwrites the tile's forecast rows, so read it before the next {@link #forecastTile}.
     */
    public void reconstructTile(Scratch s, int n) {
        for (int j = 0; j < totalLatent; j++) {
            System.arraycopy(s.xhz[s.rowZ + j], 0, s.zT[j], 0, n);
        }
        decodeTile(s, n, false);
    }

    /** Transition from the tile's {@code z} rows (pre-activation in {@code tPre}) into {@code zT} (and {@code sT}). */
    private void transitionTile(Scratch s, double dt, int n, boolean withStd) {
        Dense net = transition;
        int hidden = net.hidden;
        float f0 = (float) TdVaeConfig.dtFeature(0, dt);
        float f1 = (float) TdVaeConfig.dtFeature(1, dt);
        for (int u = 0; u < hidden; u++) {
            s.dtBias[u] = net.b1[u] + f0 * net.w1[totalLatent * hidden + u]
                    + f1 * net.w1[(totalLatent + 1) * hidden + u];
        }
        for (int u = 0; u < hidden; u++) {
            float bu = s.dtBias[u];
            float[] hid = s.hid[u];
            float[] pre = s.tPre[u];
            for (int t = 0; t < n; t++) {
                hid[t] = tanh(pre[t] + bu);
            }
        }
        if (pairs == 0) {
            // residual transition: z + MLP(z, dt)
            affine(net.wmT, hidden, 0, net.bm, hidden, totalLatent, s.hid, 0, s.zT, 0, n);
            for (int j = 0; j < totalLatent; j++) {
                float[] zT = s.zT[j];
                float[] z = s.xhz[s.rowZ + j];
                for (int t = 0; t < n; t++) {
                    zT[t] += z[t];
                }
            }
        } else {
            rotateTile(s, dt, n);
        }
        if (withStd) {
            affine(net.wsT, hidden, 0, net.bs, hidden, totalLatent, s.hid, 0, s.sT, 0, n);
            softplusStdRows(s.sT, 0, totalLatent, n, s.tmp);
        }
    }

    /** Rotation transition mean {@code R(dt·ω)·z} from the tile's {@code z} rows ({@code omega}) into {@code zT}. */
    private void rotateTile(Scratch s, double dt, int n) {
        float fdt = (float) dt;
        for (int p = 0; p < pairs; p++) {
            // (a, b) ← (a cos θ - b sin θ, a sin θ + b cos θ), θ = dt·ω_p
            float[] om = s.omega[p];
            float[] a = s.xhz[s.rowZ + 2 * p];
            float[] b = s.xhz[s.rowZ + 2 * p + 1];
            float[] za = s.zT[2 * p];
            float[] zb = s.zT[2 * p + 1];
            float[] cs = s.cos;
            float[] sn = s.tmp;
            for (int t = 0; t < n; t++) {
                // half angle h ∈ [-π/2, π/2] after reducing θ mod 2π (class comment)
                float th = fdt * om[t];
                float k = (th * INV_TWO_PI + ROUND_MAGIC) - ROUND_MAGIC;
                float h = 0.5f * ((th - k * TWO_PI_HI) - k * TWO_PI_LO);
                float h2 = h * h;
                float sh = h * (1f + h2 * (-1f / 6 + h2 * (1f / 120 + h2 * (-1f / 5040 + h2 * (1f / 362880
                        + h2 * (-1f / 39916800))))));
                float ch = 1f + h2 * (-0.5f + h2 * (1f / 24 + h2 * (-1f / 720 + h2 * (1f / 40320
                        + h2 * (-1f / 3628800 + h2 * (1f / 479001600))))));
                sn[t] = 2f * sh * ch;
                cs[t] = 1f - 2f * sh * sh;
            }
            for (int t = 0; t < n; t++) {
                za[t] = a[t] * cs[t] - b[t] * sn[t];
                zb[t] = a[t] * sn[t] + b[t] * cs[t];
            }
        }
        if (totalLatent % 2 == 1) {
            System.arraycopy(s.xhz[s.rowZ + totalLatent - 1], 0, s.zT[totalLatent - 1], 0, n);
        }
    }

    /** Decoder at the tile's {@code zT} rows, moment-matched over {@code N(zT, diag(sT²))} when {@code withStd}. */
    private void decodeTile(Scratch s, int n, boolean withStd) {
        Dense net = decoder;
        int hx = net.hidden;
        affine(net.w1T, net.in, 0, net.b1, net.in, hx, s.zT, 0, s.hidD, 0, n);
        tanhRows(s.hidD, 0, hx, n);
        affine(net.wmT, hx, 0, net.bm, hx, dim, s.hidD, 0, s.mean, 0, n);
        affine(net.wsT, hx, 0, net.bs, hx, dim, s.hidD, 0, s.var, 0, n);
        softplusStdRows(s.var, 0, dim, n, s.tmp);
        for (int e = 0; e < dim; e++) {
            float[] var = s.var[e];
            for (int t = 0; t < n; t++) {
                float sd = var[t];
                var[t] = sd * sd;
            }
            if (!withStd) {
                continue;
            }
            // ∂μ_D,e/∂z_j = Σ_u W1[j, u] (1 - h_u²) Wm[u, e]: g_u first, then J = W1 · g ([L·Z] rows)
            for (int u = 0; u < hx; u++) {
                float wue = net.wm[u * dim + e];
                float[] hu = s.hidD[u];
                float[] g = s.g[u];
                for (int t = 0; t < n; t++) {
                    g[t] = (1f - hu[t] * hu[t]) * wue;
                }
            }
            affine(net.w1, hx, 0, null, hx, totalLatent, s.g, 0, s.jac, 0, n);
            for (int j = 0; j < totalLatent; j++) {
                float[] jac = s.jac[j];
                float[] sT = s.sT[j];
                for (int t = 0; t < n; t++) {
                    float js = jac[t] * sT[t];
                    var[t] += js * js;
                }
            }
        }
    }

    // ---------------------------------------------------------------- row-major methods ([batch, width] buffers)

    /**
     * One LSTM step {@code (h, c) ← LSTM(h, c, x)} for {@code batch} rows: gates
     * {@code [i, f, g, o] = x·Wx + h·Wh + b}, {@code c ← σ(f)·c + σ(i)·tanh(g)}, {@code h ← σ(o)·tanh(c)}.
     * A new stream starts from {@code h = c = 0}.
     */
    public void lstm(float[] x, float[] h, float[] c, int batch, Scratch s) {
        for (int b0 = 0; b0 < batch; b0 += s.tile) {
            int n = Math.min(s.tile, batch - b0);
            toTile(x, b0, dim, n, s.xhz, 0);
            toTile(h, b0, belief, n, s.xhz, s.rowH);
            toTile(c, b0, belief, n, s.c, 0);
            lstmTile(s, n);
            fromTile(s.xhz, s.rowH, h, b0, belief, n);
            fromTile(s.c, 0, c, b0, belief, n);
        }
    }

    /** The mean of {@code p_B(z|b)} (top layer, then lower layers at the upper means) into {@code z [batch, L·Z]}. */
    public void beliefMean(float[] h, int batch, float[] z, Scratch s) {
        for (int b0 = 0; b0 < batch; b0 += s.tile) {
            int n = Math.min(s.tile, batch - b0);
            toTile(h, b0, belief, n, s.xhz, s.rowH);
            beliefMeanTile(s, n);
            fromTile(s.xhz, s.rowZ, z, b0, totalLatent, n);
        }
    }

    /**
     * The transition {@code p_T(z'|z, dt)}: mean {@code z + μ} (rotation transition: {@code R(dt·ω)·z})
     * into {@code zOut} and std into {@code sOut}, both
     * {@code [batch, L·Z]}; {@code sOut} may be {@code null}.
     */
    public void transition(float[] z, double dt, int batch, float[] zOut, float[] sOut, Scratch s) {
        for (int b0 = 0; b0 < batch; b0 += s.tile) {
            int n = Math.min(s.tile, batch - b0);
            toTile(z, b0, totalLatent, n, s.xhz, s.rowZ);
            transitionPreTile(s, n);
            transitionTile(s, dt, n, sOut != null);
            fromTile(s.zT, 0, zOut, b0, totalLatent, n);
            if (sOut != null) {
                fromTile(s.sT, 0, sOut, b0, totalLatent, n);
            }
        }
    }

    /**
     * The decoder {@code p_D(x|z)} at {@code z}, moment-matched to first order over {@code z ~ N(z, diag(zStd²))}:
     * {@code mean = μ_D(z)}, {@code var = σ_D(z)² + Σ_j (∂μ_D/∂z_j)² zStd_j²}. {@code zStd} may be {@code null}
     * (no latent uncertainty).
     */
    public void decode(float[] z, float[] zStd, int batch, float[] mean, float[] var, Scratch s) {
        for (int b0 = 0; b0 < batch; b0 += s.tile) {
            int n = Math.min(s.tile, batch - b0);
            toTile(z, b0, totalLatent, n, s.zT, 0);
            if (zStd != null) {
                toTile(zStd, b0, totalLatent, n, s.sT, 0);
            }
            decodeTile(s, n, zStd != null);
            fromTile(s.mean, 0, mean, b0, dim, n);
            fromTile(s.var, 0, var, b0, dim, n);
        }
    }

    /**
     * The jumpy forecast for horizon {@code dt} from latent means {@code z}: one transition, then
     * {@link #decode} with the transition's std. Mean and variance of {@code x_{t+dt}} (normalised units) into
     * {@code mean} and {@code var}, {@code [batch, D]}.
     */
    public void forecast(float[] z, double dt, int batch, float[] mean, float[] var, Scratch s) {
        for (int b0 = 0; b0 < batch; b0 += s.tile) {
            int n = Math.min(s.tile, batch - b0);
            toTile(z, b0, totalLatent, n, s.xhz, s.rowZ);
            transitionPreTile(s, n);
            forecastTile(s, dt, n);
            fromTile(s.mean, 0, mean, b0, dim, n);
            fromTile(s.var, 0, var, b0, dim, n);
        }
    }

    /** Rows {@code b0 .. b0 + n} of {@code src [batch, width]} into columns {@code 0 .. n} of rows {@code row0..}. */
    private static void toTile(float[] src, int b0, int width, int n, float[][] tile, int row0) {
        for (int j = 0; j < width; j++) {
            float[] row = tile[row0 + j];
            for (int t = 0; t < n; t++) {
                row[t] = src[(b0 + t) * width + j];
            }
        }
    }

    private static void fromTile(float[][] tile, int row0, float[] dst, int b0, int width, int n) {
        for (int j = 0; j < width; j++) {
            float[] row = tile[row0 + j];
            for (int t = 0; t < n; t++) {
                dst[(b0 + t) * width + j] = row[t];
            }
        }
    }

    // ---------------------------------------------------------------- kernels

    /**
     * Feature-major affine map: for {@code j < nOut}, {@code t < n},
     * {@code dst[dRow + j][t] = bias_j + Σ_{i < nIn} wT[j·ldw + wOff + i] · src[sRow + i][t]} ({@code bias} may be
     * {@code null}). Four input rows per pass over the output row.
     */
    static void affine(float[] wT, int ldw, int wOff, float[] bias, int nIn, int nOut, float[][] src, int sRow,
            float[][] dst, int dRow, int n) {
        for (int j = 0; j < nOut; j++) {
            float[] d = dst[dRow + j];
            float bj = bias == null ? 0f : bias[j];
            int w = j * ldw + wOff;
            int i = 0;
            if (nIn >= 4) {
                float a0 = wT[w];
                float a1 = wT[w + 1];
                float a2 = wT[w + 2];
                float a3 = wT[w + 3];
                float[] s0 = src[sRow];
                float[] s1 = src[sRow + 1];
                float[] s2 = src[sRow + 2];
                float[] s3 = src[sRow + 3];
                for (int t = 0; t < n; t++) {
                    d[t] = bj + a0 * s0[t] + a1 * s1[t] + a2 * s2[t] + a3 * s3[t];
                }
                i = 4;
            } else {
                for (int t = 0; t < n; t++) {
                    d[t] = bj;
                }
            }
            for (; i + 3 < nIn; i += 4) {
                float a0 = wT[w + i];
                float a1 = wT[w + i + 1];
                float a2 = wT[w + i + 2];
                float a3 = wT[w + i + 3];
                float[] s0 = src[sRow + i];
                float[] s1 = src[sRow + i + 1];
                float[] s2 = src[sRow + i + 2];
                float[] s3 = src[sRow + i + 3];
                for (int t = 0; t < n; t++) {
                    d[t] += a0 * s0[t] + a1 * s1[t] + a2 * s2[t] + a3 * s3[t];
                }
            }
            for (; i < nIn; i++) {
                float a = wT[w + i];
                float[] s0 = src[sRow + i];
                for (int t = 0; t < n; t++) {
                    d[t] += a * s0[t];
                }
            }
        }
    }

    private static void tanhRows(float[][] a, int row0, int row1, int n) {
        for (int r = row0; r < row1; r++) {
            float[] row = a[r];
            for (int t = 0; t < n; t++) {
                row[t] = tanh(row[t]);
            }
        }
    }

    private static void sigmoidRows(float[][] a, int row0, int row1, int n) {
        for (int r = row0; r < row1; r++) {
            float[] row = a[r];
            for (int t = 0; t < n; t++) {
                row[t] = sigmoid(row[t]);
            }
        }
    }

    /**
     * {@code a ← softplus(a) + MIN_STD} over rows {@code row0 .. row1} ({@link #softplus}, in two passes per row
     * through {@code tmp}: as one loop body C2 compiled it 5× slower, measured).
     */
    private static void softplusStdRows(float[][] a, int row0, int row1, int n, float[] tmp) {
        float floor = (float) TdVaeConfig.MIN_STD;
        for (int r = row0; r < row1; r++) {
            float[] row = a[r];
            for (int t = 0; t < n; t++) {
                tmp[t] = softplusArg(row[t]);
            }
            for (int t = 0; t < n; t++) {
                row[t] = Math.max(row[t], 0f) + log1pSeries(tmp[t]) + floor;
            }
        }
    }

    /** {@code 1/(2π)}. */
    private static final float INV_TWO_PI = (float) (0.5 / Math.PI);
    /**
     * {@code 2π} split for the Cody–Waite reduction: {@code 6.28125} (8 significant bits, so {@code k·TWO_PI_HI} is
     * exact for {@code |k| < 2^15}) plus the float of the remainder. Measured on 10^7 angles in ±300: error of
     * {@code sin, cos} below 9e-7 against {@code Math.sin, Math.cos} of the same float.
     */
    private static final float TWO_PI_HI = 6.28125f;
    private static final float TWO_PI_LO = (float) (2 * Math.PI - TWO_PI_HI);
    /** {@code 1.5·2^23}: {@code (x + M) - M} rounds a float of magnitude below {@code 2^22} to the nearest integer. */
    private static final float ROUND_MAGIC = 12582912f;

    /** Largest argument the rational tanh approximation is evaluated at (Eigen's clamp; tanh there is 1 - 3e-7). */
    private static final float TANH_CLAMP = 7.90531110763549805f;

    /**
     * {@code tanh(x)}, Eigen's float rational approximation (odd degree-13 numerator over even degree-6
     * denominator on the clamped argument; class comment).
     */
    static float tanh(float v) {
        float x = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, v));
        float x2 = x * x;
        float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
        p = x2 * p + -8.60467152213735e-11f;
        p = x2 * p + 5.12229709037114e-08f;
        p = x2 * p + 1.48572235717979e-05f;
        p = x2 * p + 6.37261928875436e-04f;
        p = x2 * p + 4.89352455891786e-03f;
        p = x * p;
        float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
        q = x2 * q + 2.26843463243900e-03f;
        q = x2 * q + 4.89352518554385e-03f;
        return p / q;
    }

    /** {@code σ(x) = ½ + ½·tanh(x/2)}. */
    static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }

    /** {@code softplus(x) = log(1 + e^x)} from {@link #tanh} and a short atanh series (class comment). */
    static float softplus(float x) {
        return Math.max(x, 0f) + log1pSeries(softplusArg(x));
    }

    /** {@code s = u/(2 + u)} for {@code u = e^{-|x|}}, as {@code (1 - t)/(3 + t)} with {@code t = tanh(|x|/2)}. */
    private static float softplusArg(float x) {
        float t = tanh(0.5f * Math.abs(x));
        return (1f - t) / (3f + t);
    }

    /** {@code log1p(u) = 2·atanh(s) = 2(s + s³/3 + … + s¹³/13)} for {@code s = u/(2 + u) ≤ 1/3}. */
    private static float log1pSeries(float s) {
        float s2 = s * s;
        float p = s2 * (1f / 13) + (1f / 11);
        p = s2 * p + (1f / 9);
        p = s2 * p + (1f / 7);
        p = s2 * p + (1f / 5);
        p = s2 * p + (1f / 3);
        p = s2 * p + 1f;
        return 2f * s * p;
    }
}
