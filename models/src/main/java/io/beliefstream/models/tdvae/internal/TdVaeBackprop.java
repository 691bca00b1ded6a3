package io.beliefstream.models.tdvae.internal;

import io.beliefstream.models.tdvae.TdVaeConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training loss of {@link TdVaeGraph} and its gradient with respect to every parameter, in plain Java: a batched
 * forward pass over float arrays and a hand-written backward pass (reverse-mode, in the reverse order of the
 * forward). It computes exactly the function of {@link TdVaeGraph}'s training graph, which stays the reference
 * definition ({@code TdVaeBackpropTest} checks the loss and every gradient against SameDiff on the same batch and
 * noise): {@code trainLoss = nllx + β·(kl + logpb2 - logpt) + λ·aux}, with {@code loss = -J_{t1,t2}}
 * ({@code shared/reference/autoencoder-family-weng.md}, section TD-VAE, the objective {@code J_{t1,t2}}; the
 * {@code log p_B(z_{t1}) - log p_S(z_{t1})} pair as the analytic {@code -KL(p_S || p_B)}, the rest single-sample
 * Monte Carlo with reparameterised samples, the auxiliary term with its stop-gradient target; see
 * {@link TdVaeGraph}).
 *
 * <p>Why not SameDiff: the unrolled graph has ~730 forward ops at window 50 (about twice that with the backward),
 * and SameDiff's per-op overhead, not arithmetic, set the step time (hundreds of ms for a few ms of arithmetic).
 *
 * <p>Speed: all matrix products are written as row updates {@code out[r,:] += a·W[i,:]} over contiguous rows (which
 * the JIT vectorises); products with a transposed weight use transposed copies refreshed once per call; the LSTM
 * runs only up to the largest {@code t2} of the batch (later beliefs do not enter the loss). Buffers are allocated
 * for the first batch shape and reused: no allocation per call at a fixed shape. Not thread-safe.
 *
 * <p>Gradients of the Gaussian terms (per coordinate, {@code u = (v - μ)/σ}): {@code ∂ log N(v; μ, σ²)/∂μ = u/σ},
 * {@code ∂/∂σ = (u² - 1)/σ}, {@code ∂/∂v = -u/σ}; for {@code KL(N(μ1,σ1²) || N(μ2,σ2²))}: {@code ∂/∂μ1 = Δ/σ2²},
 * {@code ∂/∂μ2 = -Δ/σ2²}, {@code ∂/∂σ1 = -1/σ1 + σ1/σ2²}, {@code ∂/∂σ2 = 1/σ2 - (σ1² + Δ²)/σ2³} with
 * {@code Δ = μ1 - μ2}; softplus' = sigmoid; LSTM as in Hochreiter and Schmidhuber with the gates of
 * {@link ParamLayout}.
 */
public final class TdVaeBackprop {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final int F = TdVaeConfig.DT_FEATURES;

    private final TdVaeConfig config;
    private final int dim;
    private final int hb;
    private final int z;
    private final int layers;
    private final int zt;
    private final Map<String, float[]> grads = new LinkedHashMap<>();
    private final float[] wx;
    private final float[] wh;
    private final float[] lb;
    private final float[] whT;
    private final float[] gwx;
    private final float[] gwh;
    private final float[] glb;
    private final Net[] bNets;
    private final Net[] sNets;
    private final Net tNet;
    private final Net dNet;
    // applications of the nets, one per place in the graph
    private final App[] b2Apps;
    private final App[] sApps;
    private final App[] b1Apps;
    private final App[] auxApps; // index 0 unused: the top layer's belief mean at t1 is b1Apps[0].mean
    private final App tApp;
    private final App dApp;
    private final App taApp;

    private int capWindows = -1;
    private int capLength = -1;
    private int capPairs = -1;
    // LSTM: gate activations [T][N][4H], cell, tanh(cell), hidden [T][N][H]
    private float[] gates;
    private float[] cells;
    private float[] tanhCells;
    private float[] hs;
    private float[] dhExt;
    private float[] dpre;
    private float[] dhRec;
    private float[] dcNext;
    // per pair
    private float[] b1;
    private float[] b2;
    private float[] db1;
    private float[] db2;
    private float[] z1;
    private float[] z2;
    private float[] z1b;
    private float[] dz1;
    private float[] dz2;
    private float[] dz1b;

    private double kl;
    private double nllx;
    private double logpb2;
    private double logpt;
    private double aux;

    /**
     * @param params the live parameter arrays (read on every call, never written), named as in {@link ParamLayout}
     */
    public TdVaeBackprop(ParamLayout layout, Map<String, float[]> params) {
        layout.validate(params);
        this.config = layout.config();
        this.dim = config.inputDim();
        this.hb = config.beliefSize();
        this.z = config.latentSize();
        this.layers = config.latentLayers();
        this.zt = config.totalLatent();
        for (ParamLayout.Param p : layout.params()) {
            grads.put(p.name(), new float[p.size()]);
        }
        wx = params.get("lstm.Wx");
        wh = params.get("lstm.Wh");
        lb = params.get("lstm.b");
        whT = new float[wh.length];
        gwx = grads.get("lstm.Wx");
        gwh = grads.get("lstm.Wh");
        glb = grads.get("lstm.b");
        int hd = config.hiddenSize();
        bNets = new Net[layers];
        sNets = new Net[layers];
        b2Apps = new App[layers];
        sApps = new App[layers];
        b1Apps = new App[layers];
        auxApps = new App[layers];
        for (int l = 0; l < layers; l++) {
            bNets[l] = new Net("B" + l, hb + l * z, hd, z, params, grads);
            sNets[l] = new Net("S" + l, zt + 2 * hb + F + l * z, hd, z, params, grads);
            b2Apps[l] = new App(bNets[l], true);
            sApps[l] = new App(sNets[l], true);
            b1Apps[l] = new App(bNets[l], true);
            auxApps[l] = l == 0 ? null : new App(bNets[l], false);
        }
        tNet = new Net("T", zt + F, hd, zt, params, grads);
        dNet = new Net("D", zt, config.decoderHidden(), dim, params, grads);
        tApp = new App(tNet, true);
        taApp = new App(tNet, true);
        dApp = new App(dNet, true);
    }

    /** The gradient of {@code trainLoss} of the last {@link #compute} call, by parameter name (live arrays). */
    public Map<String, float[]> gradients() {
        return grads;
    }

    /** Batch means of the last call: {@code KL(p_S || p_B)} summed over layers. */
    public double kl() {
        return kl;
    }

    /** {@code -E[log p_D(x_{t2}|z_{t2})]}. */
    public double nllx() {
        return nllx;
    }

    /** {@code E[log p_B(z_{t2}|b_{t2})]}. */
    public double logpb2() {
        return logpb2;
    }

    /** {@code E[log p_T(z_{t2}|z_{t1})]}. */
    public double logpt() {
        return logpt;
    }

    /** The auxiliary forecast term {@code -E[log p_T(z_{t2} | z̄_{t1})]} (0 when λ was 0). */
    public double aux() {
        return aux;
    }

    /** {@code -J} of the last call: {@code kl + logpb2 - logpt + nllx}. */
    public double loss() {
        return kl + logpb2 - logpt + nllx;
    }

    /** {@code trainLoss} of the last call for the given β and λ. */
    public double trainLoss(double beta, double lambda) {
        return beta * (kl + logpb2 - logpt) + nllx + lambda * aux;
    }

    /** Forward only: sets the loss parts (gradients untouched). */
    public void forward(PairBatch.Batch b, double lambda) {
        ensure(b);
        refresh();
        forwardPass(b, lambda != 0);
    }

    /**
     * Forward and backward: sets the loss parts and overwrites {@link #gradients()} with the gradient of
     * {@code trainLoss = nllx + β·(kl + logpb2 - logpt) + λ·aux}.
     */
    public void compute(PairBatch.Batch b, double beta, double lambda) {
        ensure(b);
        refresh();
        forwardPass(b, lambda != 0);
        for (float[] g : grads.values()) {
            Arrays.fill(g, 0f);
        }
        backwardPass(b, beta, lambda);
    }

    private void refresh() {
        transpose(wh, hb, 4 * hb, whT);
        for (int l = 0; l < layers; l++) {
            bNets[l].refresh();
            sNets[l].refresh();
        }
        tNet.refresh();
        dNet.refresh();
    }

    private void ensure(PairBatch.Batch b) {
        if (b.dim != dim || b.latent != zt) {
            throw new IllegalArgumentException("batch of dimension " + b.dim + " / latent " + b.latent
                    + " does not fit the model (" + dim + " / " + zt + ")");
        }
        if (b.windows == capWindows && b.length == capLength && b.pairs == capPairs) {
            return;
        }
        int n = b.windows;
        int t = b.length;
        int m = b.pairs;
        gates = new float[t * n * 4 * hb];
        cells = new float[t * n * hb];
        tanhCells = new float[t * n * hb];
        hs = new float[t * n * hb];
        dhExt = new float[t * n * hb];
        dpre = new float[n * 4 * hb];
        dhRec = new float[n * hb];
        dcNext = new float[n * hb];
        b1 = new float[m * hb];
        b2 = new float[m * hb];
        db1 = new float[m * hb];
        db2 = new float[m * hb];
        z1 = new float[m * zt];
        z2 = new float[m * zt];
        z1b = new float[m * zt];
        dz1 = new float[m * zt];
        dz2 = new float[m * zt];
        dz1b = new float[m * zt];
        for (int l = 0; l < layers; l++) {
            b2Apps[l].allocate(m);
            sApps[l].allocate(m);
            b1Apps[l].allocate(m);
            if (auxApps[l] != null) {
                auxApps[l].allocate(m);
            }
        }
        tApp.allocate(m);
        taApp.allocate(m);
        dApp.allocate(m);
        capWindows = n;
        capLength = t;
        capPairs = m;
    }

    private static int lastStep(PairBatch.Batch b) {
        int end = 0;
        for (int p = 0; p < b.pairs; p++) {
            end = Math.max(end, b.t2[p] + 1);
        }
        return end;
    }

    // ---------------------------------------------------------------------------------------------------- forward

    private void forwardPass(PairBatch.Batch b, boolean withAux) {
        int n = b.windows;
        int m = b.pairs;
        int end = lastStep(b);
        lstmForward(b.x, n, end);
        for (int p = 0; p < m; p++) {
            System.arraycopy(hs, (b.t1[p] * n + b.window[p]) * hb, b1, p * hb, hb);
            System.arraycopy(hs, (b.t2[p] * n + b.window[p]) * hb, b2, p * hb, hb);
        }
        // z_{t2} ~ p_B(z | b_{t2}), top layer first
        double lpb = 0;
        for (int l = 0; l < layers; l++) {
            App a = b2Apps[l];
            copyCols(b2, hb, 0, a.in, a.net.in, 0, hb, m);
            copyCols(z2, zt, 0, a.in, a.net.in, hb, l * z, m);
            a.forward(m);
            for (int r = 0; r < m; r++) {
                for (int j = 0; j < z; j++) {
                    int o = r * z + j;
                    double e = b.eps2[r * zt + l * z + j];
                    double s = a.std[o];
                    z2[r * zt + l * z + j] = (float) (a.mean[o] + s * e);
                    lpb += -0.5 * e * e - Math.log(s) - HALF_LOG_2PI;
                }
            }
        }
        // z_{t1} ~ p_S(z | z_{t2}, b_{t1}, b_{t2}, dt); KL(p_S || p_B(z | b_{t1}))
        double klSum = 0;
        for (int l = 0; l < layers; l++) {
            App s = sApps[l];
            int w = s.net.in;
            copyCols(z2, zt, 0, s.in, w, 0, zt, m);
            copyCols(b1, hb, 0, s.in, w, zt, hb, m);
            copyCols(b2, hb, 0, s.in, w, zt + hb, hb, m);
            copyCols(b.dtf, F, 0, s.in, w, zt + 2 * hb, F, m);
            copyCols(z1, zt, 0, s.in, w, zt + 2 * hb + F, l * z, m);
            s.forward(m);
            App bb = b1Apps[l];
            copyCols(b1, hb, 0, bb.in, bb.net.in, 0, hb, m);
            copyCols(z1, zt, 0, bb.in, bb.net.in, hb, l * z, m);
            bb.forward(m);
            for (int r = 0; r < m; r++) {
                for (int j = 0; j < z; j++) {
                    int o = r * z + j;
                    double s1 = s.std[o];
                    double s2 = bb.std[o];
                    double dm = s.mean[o] - bb.mean[o];
                    klSum += Math.log(s2 / s1) + (s1 * s1 + dm * dm) / (2 * s2 * s2) - 0.5;
                    z1[r * zt + l * z + j] = (float) (s.mean[o] + s1 * b.eps1[r * zt + l * z + j]);
                }
            }
        }
        // log p_T(z_{t2} | z_{t1}, dt), mean residual
        copyCols(z1, zt, 0, tApp.in, tApp.net.in, 0, zt, m);
        copyCols(b.dtf, F, 0, tApp.in, tApp.net.in, zt, F, m);
        tApp.forward(m);
        double lpt = 0;
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < zt; j++) {
                int o = r * zt + j;
                double s = tApp.std[o];
                double u = (z2[o] - (double) (z1[o] + tApp.mean[o])) / s;
                lpt += -0.5 * u * u - Math.log(s) - HALF_LOG_2PI;
            }
        }
        // log p_D(x_{t2} | z_{t2})
        System.arraycopy(z2, 0, dApp.in, 0, m * zt);
        dApp.forward(m);
        double lpd = 0;
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < dim; j++) {
                int o = r * dim + j;
                double s = dApp.std[o];
                double u = (b.xt2[o] - (double) dApp.mean[o]) / s;
                lpd += -0.5 * u * u - Math.log(s) - HALF_LOG_2PI;
            }
        }
        double auxSum = 0;
        if (withAux) {
            copyCols(b1Apps[0].mean, z, 0, z1b, zt, 0, z, m);
            for (int l = 1; l < layers; l++) {
                App a = auxApps[l];
                copyCols(b1, hb, 0, a.in, a.net.in, 0, hb, m);
                copyCols(z1b, zt, 0, a.in, a.net.in, hb, l * z, m);
                a.forward(m);
                copyCols(a.mean, z, 0, z1b, zt, l * z, z, m);
            }
            copyCols(z1b, zt, 0, taApp.in, taApp.net.in, 0, zt, m);
            copyCols(b.dtf, F, 0, taApp.in, taApp.net.in, zt, F, m);
            taApp.forward(m);
            for (int r = 0; r < m; r++) {
                for (int j = 0; j < zt; j++) {
                    int o = r * zt + j;
                    double s = taApp.std[o];
                    double u = (z2[o] - (double) (z1b[o] + taApp.mean[o])) / s;
                    auxSum -= -0.5 * u * u - Math.log(s) - HALF_LOG_2PI;
                }
            }
        }
        kl = klSum / m;
        logpb2 = lpb / m;
        logpt = lpt / m;
        nllx = -lpd / m;
        aux = auxSum / m;
    }

    /** Belief LSTM over steps {@code [0, end)}: {@code [i, f, g, o] = x·Wx + h·Wh + b}. */
    private void lstmForward(float[] x, int n, int end) {
        int g4 = 4 * hb;
        for (int t = 0; t < end; t++) {
            for (int r = 0; r < n; r++) {
                int go = (t * n + r) * g4;
                System.arraycopy(lb, 0, gates, go, g4);
                for (int d = 0; d < dim; d++) {
                    axpy(x[(t * n + r) * dim + d], wx, d * g4, gates, go, g4);
                }
                if (t > 0) {
                    int ho = ((t - 1) * n + r) * hb;
                    for (int i = 0; i < hb; i++) {
                        axpy(hs[ho + i], wh, i * g4, gates, go, g4);
                    }
                }
                int co = (t * n + r) * hb;
                int cp = ((t - 1) * n + r) * hb;
                for (int j = 0; j < hb; j++) {
                    double ig = sigmoid(gates[go + j]);
                    double fg = sigmoid(gates[go + hb + j]);
                    double gg = tanh(gates[go + 2 * hb + j]);
                    double og = sigmoid(gates[go + 3 * hb + j]);
                    gates[go + j] = (float) ig;
                    gates[go + hb + j] = (float) fg;
                    gates[go + 2 * hb + j] = (float) gg;
                    gates[go + 3 * hb + j] = (float) og;
                    float c = t == 0 ? (float) ig * (float) gg : (float) fg * cells[cp + j] + (float) ig * (float) gg;
                    cells[co + j] = c;
                    float tc = (float) tanh(c);
                    tanhCells[co + j] = tc;
                    hs[co + j] = (float) og * tc;
                }
            }
        }
    }

    // --------------------------------------------------------------------------------------------------- backward

    private void backwardPass(PairBatch.Batch b, double beta, double lambda) {
        int n = b.windows;
        int m = b.pairs;
        float cr = (float) (beta / m);
        float cx = (float) (1.0 / m);
        float ca = (float) (lambda / m);
        Arrays.fill(dz1, 0, m * zt, 0f);
        Arrays.fill(dz2, 0, m * zt, 0f);
        Arrays.fill(dz1b, 0, m * zt, 0f);
        Arrays.fill(db1, 0, m * hb, 0f);
        Arrays.fill(db2, 0, m * hb, 0f);
        for (int l = 0; l < layers; l++) {
            b2Apps[l].clear(m);
            sApps[l].clear(m);
            b1Apps[l].clear(m);
            if (auxApps[l] != null) {
                auxApps[l].clear(m);
            }
        }
        tApp.clear(m);
        taApp.clear(m);
        dApp.clear(m);

        // auxiliary term: -λ/M Σ log N(z2 (fixed); z1b + μ_T(z1b), σ_T(z1b))
        if (lambda != 0) {
            for (int o = 0; o < m * zt; o++) {
                double s = taApp.std[o];
                double u = (z2[o] - (double) (z1b[o] + taApp.mean[o])) / s;
                float dmean = (float) (-ca * u / s);
                taApp.dMean[o] = dmean;
                taApp.dStd[o] = (float) (-ca * (u * u - 1) / s);
                dz1b[o] += dmean;
            }
            taApp.backward(m);
            addCols(taApp.dIn, taApp.net.in, 0, dz1b, zt, 0, zt, m);
            for (int l = layers - 1; l >= 1; l--) {
                App a = auxApps[l];
                copyCols(dz1b, zt, l * z, a.dMean, z, 0, z, m);
                a.backward(m);
                addCols(a.dIn, a.net.in, 0, db1, hb, 0, hb, m);
                addCols(a.dIn, a.net.in, hb, dz1b, zt, 0, l * z, m);
            }
            addCols(dz1b, zt, 0, b1Apps[0].dMean, z, 0, z, m);
        }
        // decoder: -1/M Σ log N(x_{t2}; μ_D(z2), σ_D(z2))
        for (int o = 0; o < m * dim; o++) {
            double s = dApp.std[o];
            double u = (b.xt2[o] - (double) dApp.mean[o]) / s;
            dApp.dMean[o] = (float) (-cx * u / s);
            dApp.dStd[o] = (float) (-cx * (u * u - 1) / s);
        }
        dApp.backward(m);
        addCols(dApp.dIn, zt, 0, dz2, zt, 0, zt, m);
        // transition: -β/M Σ log N(z2; z1 + μ_T(z1), σ_T(z1))
        for (int o = 0; o < m * zt; o++) {
            double s = tApp.std[o];
            double u = (z2[o] - (double) (z1[o] + tApp.mean[o])) / s;
            float dmean = (float) (-cr * u / s);
            dz2[o] -= dmean;
            tApp.dMean[o] = dmean;
            tApp.dStd[o] = (float) (-cr * (u * u - 1) / s);
            dz1[o] += dmean;
        }
        tApp.backward(m);
        addCols(tApp.dIn, tApp.net.in, 0, dz1, zt, 0, zt, m);
        // smoothing samples and KL(p_S || p_B(b_{t1})), lower layer first
        for (int l = layers - 1; l >= 0; l--) {
            App s = sApps[l];
            App bb = b1Apps[l];
            for (int r = 0; r < m; r++) {
                for (int j = 0; j < z; j++) {
                    int o = r * z + j;
                    int zo = r * zt + l * z + j;
                    double s1 = s.std[o];
                    double s2 = bb.std[o];
                    double dm = s.mean[o] - bb.mean[o];
                    double inv2 = 1.0 / (s2 * s2);
                    float gz = dz1[zo];
                    s.dMean[o] += (float) (gz + cr * dm * inv2);
                    s.dStd[o] += (float) (gz * b.eps1[zo] + cr * (-1.0 / s1 + s1 * inv2));
                    bb.dMean[o] += (float) (-cr * dm * inv2);
                    bb.dStd[o] += (float) (cr * (1.0 / s2 - (s1 * s1 + dm * dm) * inv2 / s2));
                }
            }
            s.backward(m);
            int w = s.net.in;
            addCols(s.dIn, w, 0, dz2, zt, 0, zt, m);
            addCols(s.dIn, w, zt, db1, hb, 0, hb, m);
            addCols(s.dIn, w, zt + hb, db2, hb, 0, hb, m);
            addCols(s.dIn, w, zt + 2 * hb + F, dz1, zt, 0, l * z, m);
            bb.backward(m);
            addCols(bb.dIn, bb.net.in, 0, db1, hb, 0, hb, m);
            addCols(bb.dIn, bb.net.in, hb, dz1, zt, 0, l * z, m);
        }
        // belief samples at t2 and log p_B(z2 | b_{t2}) = Σ -eps²/2 - log σ - ½ log 2π
        for (int l = layers - 1; l >= 0; l--) {
            App a = b2Apps[l];
            for (int r = 0; r < m; r++) {
                for (int j = 0; j < z; j++) {
                    int o = r * z + j;
                    int zo = r * zt + l * z + j;
                    float gz = dz2[zo];
                    a.dMean[o] += gz;
                    a.dStd[o] += (float) (gz * b.eps2[zo] - cr / a.std[o]);
                }
            }
            a.backward(m);
            addCols(a.dIn, a.net.in, 0, db2, hb, 0, hb, m);
            addCols(a.dIn, a.net.in, hb, dz2, zt, 0, l * z, m);
        }
        int end = lastStep(b);
        Arrays.fill(dhExt, 0, end * n * hb, 0f);
        for (int p = 0; p < m; p++) {
            int o1 = (b.t1[p] * n + b.window[p]) * hb;
            int o2 = (b.t2[p] * n + b.window[p]) * hb;
            for (int j = 0; j < hb; j++) {
                dhExt[o1 + j] += db1[p * hb + j];
                dhExt[o2 + j] += db2[p * hb + j];
            }
        }
        lstmBackward(b.x, n, end);
    }

    /** Back-propagation through time over steps {@code [0, end)}. */
    private void lstmBackward(float[] x, int n, int end) {
        int g4 = 4 * hb;
        Arrays.fill(dhRec, 0f);
        Arrays.fill(dcNext, 0f);
        for (int t = end - 1; t >= 0; t--) {
            for (int r = 0; r < n; r++) {
                int go = (t * n + r) * g4;
                int co = (t * n + r) * hb;
                int cp = ((t - 1) * n + r) * hb;
                int po = r * g4;
                for (int j = 0; j < hb; j++) {
                    float dh = dhExt[co + j] + dhRec[r * hb + j];
                    float ig = gates[go + j];
                    float fg = gates[go + hb + j];
                    float gg = gates[go + 2 * hb + j];
                    float og = gates[go + 3 * hb + j];
                    float tc = tanhCells[co + j];
                    float dc = dcNext[r * hb + j] + dh * og * (1 - tc * tc);
                    float cprev = t == 0 ? 0f : cells[cp + j];
                    dcNext[r * hb + j] = dc * fg;
                    dpre[po + j] = dc * gg * ig * (1 - ig);
                    dpre[po + hb + j] = dc * cprev * fg * (1 - fg);
                    dpre[po + 2 * hb + j] = dc * ig * (1 - gg * gg);
                    dpre[po + 3 * hb + j] = dh * tc * og * (1 - og);
                }
            }
            for (int r = 0; r < n; r++) {
                int po = r * g4;
                for (int k = 0; k < g4; k++) {
                    glb[k] += dpre[po + k];
                }
                for (int d = 0; d < dim; d++) {
                    axpy(x[(t * n + r) * dim + d], dpre, po, gwx, d * g4, g4);
                }
            }
            if (t > 0) {
                for (int r = 0; r < n; r++) {
                    int po = r * g4;
                    int ho = ((t - 1) * n + r) * hb;
                    for (int i = 0; i < hb; i++) {
                        axpy(hs[ho + i], dpre, po, gwh, i * g4, g4);
                    }
                    int ro = r * hb;
                    Arrays.fill(dhRec, ro, ro + hb, 0f);
                    for (int k = 0; k < g4; k++) {
                        axpy(dpre[po + k], whT, k * hb, dhRec, ro, hb);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    /** {@code y[yo, yo+len) += a · x[xo, xo+len)}. */
    static void axpy(float a, float[] x, int xo, float[] y, int yo, int len) {
        if (a == 0f) {
            return;
        }
        for (int k = 0; k < len; k++) {
            y[yo + k] += a * x[xo + k];
        }
    }

    static void transpose(float[] w, int rows, int cols, float[] out) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[j * rows + i] = w[i * cols + j];
            }
        }
    }

    /** Copies columns {@code [so, so+width)} of {@code src} (row width {@code sw}) to {@code [dO, ...)} of dst. */
    static void copyCols(float[] src, int sw, int so, float[] dst, int dw, int dO, int width, int rows) {
        if (width == 0) {
            return;
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, r * sw + so, dst, r * dw + dO, width);
        }
    }

    /** Adds columns {@code [so, so+width)} of {@code src} to columns {@code [dO, ...)} of {@code dst}. */
    static void addCols(float[] src, int sw, int so, float[] dst, int dw, int dO, int width, int rows) {
        for (int r = 0; r < rows; r++) {
            int s = r * sw + so;
            int d = r * dw + dO;
            for (int k = 0; k < width; k++) {
                dst[d + k] += src[s + k];
            }
        }
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    static double tanh(double x) {
        // 1 - 2/(e^{2x} + 1): one exp; absolute error ~1e-16, saturates cleanly at ±1
        return 1.0 - 2.0 / (Math.exp(2 * x) + 1.0);
    }

    static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** Parameters, transposed copies and gradient arrays of one Gaussian net. */
    private static final class Net {
        final int in;
        final int hidden;
        final int out;
        final float[] w1;
        final float[] b1;
        final float[] wm;
        final float[] bm;
        final float[] ws;
        final float[] bs;
        final float[] w1T;
        final float[] wmT;
        final float[] wsT;
        final float[] gw1;
        final float[] gb1;
        final float[] gwm;
        final float[] gbm;
        final float[] gws;
        final float[] gbs;

        Net(String prefix, int in, int hidden, int out, Map<String, float[]> params, Map<String, float[]> grads) {
            this.in = in;
            this.hidden = hidden;
            this.out = out;
            w1 = params.get(prefix + ".W1");
            b1 = params.get(prefix + ".b1");
            wm = params.get(prefix + ".Wm");
            bm = params.get(prefix + ".bm");
            ws = params.get(prefix + ".Ws");
            bs = params.get(prefix + ".bs");
            w1T = new float[w1.length];
            wmT = new float[wm.length];
            wsT = new float[ws.length];
            gw1 = grads.get(prefix + ".W1");
            gb1 = grads.get(prefix + ".b1");
            gwm = grads.get(prefix + ".Wm");
            gbm = grads.get(prefix + ".bm");
            gws = grads.get(prefix + ".Ws");
            gbs = grads.get(prefix + ".bs");
        }

        void refresh() {
            transpose(w1, in, hidden, w1T);
            transpose(wm, hidden, out, wmT);
            transpose(ws, hidden, out, wsT);
        }
    }

    /** One application of a {@link Net} to {@code rows} input rows: activations and their gradients. */
    private static final class App {
        final Net net;
        final boolean withStd;
        float[] in;
        float[] hid;
        float[] mean;
        float[] pre;
        float[] std;
        float[] dMean;
        float[] dStd;
        float[] dHid;
        float[] dIn;

        App(Net net, boolean withStd) {
            this.net = net;
            this.withStd = withStd;
        }

        void allocate(int rows) {
            in = new float[rows * net.in];
            hid = new float[rows * net.hidden];
            mean = new float[rows * net.out];
            pre = new float[rows * net.out];
            std = new float[rows * net.out];
            dMean = new float[rows * net.out];
            dStd = new float[rows * net.out];
            dHid = new float[rows * net.hidden];
            dIn = new float[rows * net.in];
        }

        void clear(int rows) {
            Arrays.fill(dMean, 0, rows * net.out, 0f);
            Arrays.fill(dStd, 0, rows * net.out, 0f);
        }

        /** {@code hid = tanh(in·W1 + b1)}, {@code mean = hid·Wm + bm}, {@code std = softplus(hid·Ws + bs) + MIN_STD}. */
        void forward(int rows) {
            int ni = net.in;
            int nh = net.hidden;
            int no = net.out;
            for (int r = 0; r < rows; r++) {
                int ho = r * nh;
                System.arraycopy(net.b1, 0, hid, ho, nh);
                for (int i = 0; i < ni; i++) {
                    axpy(in[r * ni + i], net.w1, i * nh, hid, ho, nh);
                }
                for (int k = 0; k < nh; k++) {
                    hid[ho + k] = (float) tanh(hid[ho + k]);
                }
                int oo = r * no;
                System.arraycopy(net.bm, 0, mean, oo, no);
                for (int k = 0; k < nh; k++) {
                    axpy(hid[ho + k], net.wm, k * no, mean, oo, no);
                }
                if (withStd) {
                    System.arraycopy(net.bs, 0, pre, oo, no);
                    for (int k = 0; k < nh; k++) {
                        axpy(hid[ho + k], net.ws, k * no, pre, oo, no);
                    }
                    for (int j = 0; j < no; j++) {
                        std[oo + j] = (float) (softplus(pre[oo + j]) + TdVaeConfig.MIN_STD);
                    }
                }
            }
        }

        /** From {@code dMean}, {@code dStd}: accumulates the net's gradients and sets {@code dIn}. */
        void backward(int rows) {
            int ni = net.in;
            int nh = net.hidden;
            int no = net.out;
            for (int r = 0; r < rows; r++) {
                int oo = r * no;
                int ho = r * nh;
                Arrays.fill(dHid, ho, ho + nh, 0f);
                for (int j = 0; j < no; j++) {
                    float g = dMean[oo + j];
                    net.gbm[j] += g;
                    axpy(g, net.wmT, j * nh, dHid, ho, nh);
                }
                for (int k = 0; k < nh; k++) {
                    axpy(hid[ho + k], dMean, oo, net.gwm, k * no, no);
                }
                if (withStd) {
                    for (int j = 0; j < no; j++) {
                        float g = (float) (dStd[oo + j] * sigmoid(pre[oo + j]));
                        dStd[oo + j] = g; // now the gradient of the pre-activation
                        net.gbs[j] += g;
                        axpy(g, net.wsT, j * nh, dHid, ho, nh);
                    }
                    for (int k = 0; k < nh; k++) {
                        axpy(hid[ho + k], dStd, oo, net.gws, k * no, no);
                    }
                }
                for (int k = 0; k < nh; k++) {
                    float hv = hid[ho + k];
                    float g = dHid[ho + k] * (1 - hv * hv);
                    dHid[ho + k] = g;
                    net.gb1[k] += g;
                }
                int io = r * ni;
                Arrays.fill(dIn, io, io + ni, 0f);
                for (int k = 0; k < nh; k++) {
                    axpy(dHid[ho + k], net.w1T, k * ni, dIn, io, ni);
                }
                for (int i = 0; i < ni; i++) {
                    axpy(in[io + i], dHid, ho, net.gw1, i * nh, nh);
                }
            }
        }
    }
}
