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
 * <p>Speed: every matrix product is a sequence of row updates {@code out[r] += a·W[i]} where {@code out[r]} and
 * {@code W[i]} are separate {@code float[]} rows indexed from 0: in that form the JDK 17 JIT vectorises the loop
 * (measured ~5× faster here than the same loop over offsets into one flat array, which it does not vectorise).
 * Weights are copied into row arrays (and transposed rows for the backward products) once per call, gradients
 * accumulated in row arrays and copied out at the end; the LSTM runs only up to the largest {@code t2} of the batch
 * (later beliefs do not enter the loss) and skips windows whose gradient has vanished. Buffers are allocated for
 * the first batch shape and reused: no allocation per call at a fixed shape. Not thread-safe.
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
    /** Threshold of {@link #flush}. */
    static final float FLUSH = 1e-18f;

    private final int dim;
    private final int hb;
    private final int z;
    private final int layers;
    private final int zt;
    private final Map<String, float[]> grads = new LinkedHashMap<>();
    private final float[] wxFlat;
    private final float[] whFlat;
    private final float[] lb;
    private final float[][] wx;
    private final float[][] wh;
    private final float[][] whT;
    private final float[][] gwx;
    private final float[][] gwh;
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
    /** The rotation of the transition mean (layout version 2), or {@code null} for the residual transition. */
    private final Rotation rot;
    private final Rotation.App tRot;
    private final Rotation.App taRot;

    private int capWindows = -1;
    private int capLength = -1;
    private int capPairs = -1;
    // LSTM, rows indexed t·N + n: gate activations [4H], cell, tanh(cell), hidden [H]
    private float[][] gates;
    private float[][] cells;
    private float[][] tanhCells;
    private float[][] hs;
    private float[][] dhExt;
    private float[][] dpre;
    private float[][] dhRec;
    private float[][] dcNext;
    private boolean[] rowLive;
    // per pair
    private float[][] b1;
    private float[][] b2;
    private float[][] db1;
    private float[][] db2;
    private float[][] z1;
    private float[][] z2;
    private float[][] z1b;
    private float[][] dz1;
    private float[][] dz2;
    private float[][] dz1b;
    private float[][] dtf;
    /** The rotated {@code z1} and {@code z1b} ({@code R(dt·ω)·z}; a copy for the residual transition). */
    private float[][] rz1;
    private float[][] rz1b;
    private int[] jumps;

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
        TdVaeConfig config = layout.config();
        this.dim = config.inputDim();
        this.hb = config.beliefSize();
        this.z = config.latentSize();
        this.layers = config.latentLayers();
        this.zt = config.totalLatent();
        for (ParamLayout.Param p : layout.params()) {
            grads.put(p.name(), new float[p.size()]);
        }
        wxFlat = params.get("lstm.Wx");
        whFlat = params.get("lstm.Wh");
        lb = params.get("lstm.b");
        wx = new float[dim][4 * hb];
        wh = new float[hb][4 * hb];
        whT = new float[4 * hb][hb];
        gwx = new float[dim][4 * hb];
        gwh = new float[hb][4 * hb];
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
        rot = config.rotationPairs() > 0 ? new Rotation(zt, config.rotationPairs(), params, grads) : null;
        tRot = rot == null ? null : rot.new App();
        taRot = rot == null ? null : rot.new App();
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
        for (float[] row : gwx) {
            Arrays.fill(row, 0f);
        }
        for (float[] row : gwh) {
            Arrays.fill(row, 0f);
        }
        Arrays.fill(glb, 0f);
        for (int l = 0; l < layers; l++) {
            bNets[l].clearGradients();
            sNets[l].clearGradients();
        }
        tNet.clearGradients();
        dNet.clearGradients();
        if (rot != null) {
            rot.clearGradients();
        }
        backwardPass(b, beta, lambda);
        fromRows(gwx, grads.get("lstm.Wx"));
        fromRows(gwh, grads.get("lstm.Wh"));
        for (int l = 0; l < layers; l++) {
            bNets[l].storeGradients();
            sNets[l].storeGradients();
        }
        tNet.storeGradients();
        dNet.storeGradients();
        if (rot != null) {
            rot.storeGradients();
        }
    }

    private void refresh() {
        toRows(wxFlat, wx);
        toRows(whFlat, wh);
        transpose(wh, whT);
        for (int l = 0; l < layers; l++) {
            bNets[l].refresh();
            sNets[l].refresh();
        }
        tNet.refresh();
        dNet.refresh();
        if (rot != null) {
            rot.refresh();
        }
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
        gates = new float[t * n][4 * hb];
        cells = new float[t * n][hb];
        tanhCells = new float[t * n][hb];
        hs = new float[t * n][hb];
        dhExt = new float[t * n][hb];
        dpre = new float[n][4 * hb];
        dhRec = new float[n][hb];
        dcNext = new float[n][hb];
        rowLive = new boolean[n];
        b1 = new float[m][hb];
        b2 = new float[m][hb];
        db1 = new float[m][hb];
        db2 = new float[m][hb];
        z1 = new float[m][zt];
        z2 = new float[m][zt];
        z1b = new float[m][zt];
        dz1 = new float[m][zt];
        dz2 = new float[m][zt];
        dz1b = new float[m][zt];
        dtf = new float[m][F];
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
        rz1 = new float[m][zt];
        rz1b = new float[m][zt];
        jumps = new int[m];
        if (rot != null) {
            tRot.allocate(m);
            taRot.allocate(m);
        }
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
            System.arraycopy(hs[b.t1[p] * n + b.window[p]], 0, b1[p], 0, hb);
            System.arraycopy(hs[b.t2[p] * n + b.window[p]], 0, b2[p], 0, hb);
            System.arraycopy(b.dtf, p * F, dtf[p], 0, F);
            jumps[p] = b.t2[p] - b.t1[p];
        }
        // z_{t2} ~ p_B(z | b_{t2}), top layer first
        double lpb = 0;
        for (int l = 0; l < layers; l++) {
            App a = b2Apps[l];
            copyCols(b2, 0, a.in, 0, hb, m);
            copyCols(z2, 0, a.in, hb, l * z, m);
            a.forward(m);
            for (int r = 0; r < m; r++) {
                for (int j = 0; j < z; j++) {
                    double e = b.eps2[r * zt + l * z + j];
                    double s = a.std[r][j];
                    z2[r][l * z + j] = (float) (a.mean[r][j] + s * e);
                    lpb += -0.5 * e * e - Math.log(s) - HALF_LOG_2PI;
                }
            }
        }
        // z_{t1} ~ p_S(z | z_{t2}, b_{t1}, b_{t2}, dt); KL(p_S || p_B(z | b_{t1}))
        double klSum = 0;
        for (int l = 0; l < layers; l++) {
            App s = sApps[l];
            copyCols(z2, 0, s.in, 0, zt, m);
            copyCols(b1, 0, s.in, zt, hb, m);
            copyCols(b2, 0, s.in, zt + hb, hb, m);
            copyCols(dtf, 0, s.in, zt + 2 * hb, F, m);
            copyCols(z1, 0, s.in, zt + 2 * hb + F, l * z, m);
            s.forward(m);
            App bb = b1Apps[l];
            copyCols(b1, 0, bb.in, 0, hb, m);
            copyCols(z1, 0, bb.in, hb, l * z, m);
            bb.forward(m);
            for (int r = 0; r < m; r++) {
                for (int j = 0; j < z; j++) {
                    double s1 = s.std[r][j];
                    double s2 = bb.std[r][j];
                    double dm = s.mean[r][j] - bb.mean[r][j];
                    klSum += Math.log(s2 / s1) + (s1 * s1 + dm * dm) / (2 * s2 * s2) - 0.5;
                    z1[r][l * z + j] = (float) (s.mean[r][j] + s1 * b.eps1[r * zt + l * z + j]);
                }
            }
        }
        // log p_T(z_{t2} | z_{t1}, dt), mean residual
        copyCols(z1, 0, tApp.in, 0, zt, m);
        copyCols(dtf, 0, tApp.in, zt, F, m);
        tApp.forward(m);
        rotate(tRot, z1, rz1, m);
        double lpt = 0;
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < zt; j++) {
                double s = tApp.std[r][j];
                double u = (z2[r][j] - (double) (rz1[r][j] + tApp.mean[r][j])) / s;
                lpt += -0.5 * u * u - Math.log(s) - HALF_LOG_2PI;
            }
        }
        // log p_D(x_{t2} | z_{t2})
        copyCols(z2, 0, dApp.in, 0, zt, m);
        dApp.forward(m);
        double lpd = 0;
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < dim; j++) {
                double s = dApp.std[r][j];
                double u = (b.xt2[r * dim + j] - (double) dApp.mean[r][j]) / s;
                lpd += -0.5 * u * u - Math.log(s) - HALF_LOG_2PI;
            }
        }
        double auxSum = 0;
        if (withAux) {
            copyCols(b1Apps[0].mean, 0, z1b, 0, z, m);
            for (int l = 1; l < layers; l++) {
                App a = auxApps[l];
                copyCols(b1, 0, a.in, 0, hb, m);
                copyCols(z1b, 0, a.in, hb, l * z, m);
                a.forward(m);
                copyCols(a.mean, 0, z1b, l * z, z, m);
            }
            copyCols(z1b, 0, taApp.in, 0, zt, m);
            copyCols(dtf, 0, taApp.in, zt, F, m);
            taApp.forward(m);
            rotate(taRot, z1b, rz1b, m);
            for (int r = 0; r < m; r++) {
                for (int j = 0; j < zt; j++) {
                    double s = taApp.std[r][j];
                    double u = (z2[r][j] - (double) (rz1b[r][j] + taApp.mean[r][j])) / s;
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
                float[] gr = gates[t * n + r];
                System.arraycopy(lb, 0, gr, 0, g4);
                for (int d = 0; d < dim; d++) {
                    axpy(x[(t * n + r) * dim + d], wx[d], gr, g4);
                }
                if (t > 0) {
                    float[] hp = hs[(t - 1) * n + r];
                    for (int i = 0; i < hb; i++) {
                        axpy(hp[i], wh[i], gr, g4);
                    }
                }
                float[] cr = cells[t * n + r];
                float[] cp = t == 0 ? null : cells[(t - 1) * n + r];
                float[] tcr = tanhCells[t * n + r];
                float[] hr = hs[t * n + r];
                for (int j = 0; j < hb; j++) {
                    float ig = (float) sigmoid(gr[j]);
                    float fg = (float) sigmoid(gr[hb + j]);
                    float gg = (float) tanh(gr[2 * hb + j]);
                    float og = (float) sigmoid(gr[3 * hb + j]);
                    gr[j] = ig;
                    gr[hb + j] = fg;
                    gr[2 * hb + j] = gg;
                    gr[3 * hb + j] = og;
                    float c = cp == null ? ig * gg : fg * cp[j] + ig * gg;
                    cr[j] = c;
                    float tc = (float) tanh(c);
                    tcr[j] = tc;
                    hr[j] = flush(og * tc);
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
        for (int r = 0; r < m; r++) {
            Arrays.fill(dz1[r], 0f);
            Arrays.fill(dz2[r], 0f);
            Arrays.fill(dz1b[r], 0f);
            Arrays.fill(db1[r], 0f);
            Arrays.fill(db2[r], 0f);
        }
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
            for (int r = 0; r < m; r++) {
                for (int j = 0; j < zt; j++) {
                    double s = taApp.std[r][j];
                    double u = (z2[r][j] - (double) (rz1b[r][j] + taApp.mean[r][j])) / s;
                    float dmean = (float) (-ca * u / s);
                    taApp.dMean[r][j] = dmean;
                    taApp.dStd[r][j] = (float) (-ca * (u * u - 1) / s);
                }
            }
            rotateBackward(taRot, z1b, rz1b, taApp.dMean, dz1b, m);
            taApp.backward(m);
            addCols(taApp.dIn, 0, dz1b, 0, zt, m);
            for (int l = layers - 1; l >= 1; l--) {
                App a = auxApps[l];
                copyCols(dz1b, l * z, a.dMean, 0, z, m);
                a.backward(m);
                addCols(a.dIn, 0, db1, 0, hb, m);
                addCols(a.dIn, hb, dz1b, 0, l * z, m);
            }
            addCols(dz1b, 0, b1Apps[0].dMean, 0, z, m);
        }
        // decoder: -1/M Σ log N(x_{t2}; μ_D(z2), σ_D(z2))
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < dim; j++) {
                double s = dApp.std[r][j];
                double u = (b.xt2[r * dim + j] - (double) dApp.mean[r][j]) / s;
                dApp.dMean[r][j] = (float) (-cx * u / s);
                dApp.dStd[r][j] = (float) (-cx * (u * u - 1) / s);
            }
        }
        dApp.backward(m);
        addCols(dApp.dIn, 0, dz2, 0, zt, m);
        // transition: -β/M Σ log N(z2; z1 + μ_T(z1), σ_T(z1))
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < zt; j++) {
                double s = tApp.std[r][j];
                double u = (z2[r][j] - (double) (rz1[r][j] + tApp.mean[r][j])) / s;
                float dmean = (float) (-cr * u / s);
                dz2[r][j] -= dmean;
                tApp.dMean[r][j] = dmean;
                tApp.dStd[r][j] = (float) (-cr * (u * u - 1) / s);
            }
        }
        rotateBackward(tRot, z1, rz1, tApp.dMean, dz1, m);
        tApp.backward(m);
        addCols(tApp.dIn, 0, dz1, 0, zt, m);
        // smoothing samples and KL(p_S || p_B(b_{t1})), lower layer first
        for (int l = layers - 1; l >= 0; l--) {
            App s = sApps[l];
            App bb = b1Apps[l];
            for (int r = 0; r < m; r++) {
                for (int j = 0; j < z; j++) {
                    int zo = l * z + j;
                    double s1 = s.std[r][j];
                    double s2 = bb.std[r][j];
                    double dm = s.mean[r][j] - bb.mean[r][j];
                    double inv2 = 1.0 / (s2 * s2);
                    float gz = dz1[r][zo];
                    s.dMean[r][j] += (float) (gz + cr * dm * inv2);
                    s.dStd[r][j] += (float) (gz * b.eps1[r * zt + zo] + cr * (-1.0 / s1 + s1 * inv2));
                    bb.dMean[r][j] += (float) (-cr * dm * inv2);
                    bb.dStd[r][j] += (float) (cr * (1.0 / s2 - (s1 * s1 + dm * dm) * inv2 / s2));
                }
            }
            s.backward(m);
            addCols(s.dIn, 0, dz2, 0, zt, m);
            addCols(s.dIn, zt, db1, 0, hb, m);
            addCols(s.dIn, zt + hb, db2, 0, hb, m);
            addCols(s.dIn, zt + 2 * hb + F, dz1, 0, l * z, m);
            bb.backward(m);
            addCols(bb.dIn, 0, db1, 0, hb, m);
            addCols(bb.dIn, hb, dz1, 0, l * z, m);
        }
        // belief samples at t2 and log p_B(z2 | b_{t2}) = Σ -eps²/2 - log σ - ½ log 2π
        for (int l = layers - 1; l >= 0; l--) {
            App a = b2Apps[l];
            for (int r = 0; r < m; r++) {
                for (int j = 0; j < z; j++) {
                    int zo = l * z + j;
                    float gz = dz2[r][zo];
                    a.dMean[r][j] += gz;
                    a.dStd[r][j] += (float) (gz * b.eps2[r * zt + zo] - cr / a.std[r][j]);
                }
            }
            a.backward(m);
            addCols(a.dIn, 0, db2, 0, hb, m);
            addCols(a.dIn, hb, dz2, 0, l * z, m);
        }
        int end = lastStep(b);
        for (int i = 0; i < end * n; i++) {
            Arrays.fill(dhExt[i], 0f);
        }
        for (int p = 0; p < m; p++) {
            add(db1[p], dhExt[b.t1[p] * n + b.window[p]], hb);
            add(db2[p], dhExt[b.t2[p] * n + b.window[p]], hb);
        }
        lstmBackward(b.x, n, end);
    }

    /** {@code out = R(dt·ω(z))·z} for the rotation transition ({@link Rotation}), {@code out = z} otherwise. */
    private void rotate(Rotation.App a, float[][] zin, float[][] out, int m) {
        if (rot == null) {
            copyCols(zin, 0, out, 0, zt, m);
        } else {
            a.forward(zin, jumps, out, m);
        }
    }

    /** Adds {@code ∂(dOut · out)/∂z} to {@code dz} (and the rotation's parameter gradients) for {@link #rotate}. */
    private void rotateBackward(Rotation.App a, float[][] zin, float[][] out, float[][] dOut, float[][] dz, int m) {
        if (rot == null) {
            addCols(dOut, 0, dz, 0, zt, m);
        } else {
            a.backward(zin, jumps, out, dOut, dz, m);
        }
    }

    /** Back-propagation through time over steps {@code [0, end)}. */
    private void lstmBackward(float[] x, int n, int end) {
        int g4 = 4 * hb;
        for (int r = 0; r < n; r++) {
            Arrays.fill(dhRec[r], 0f);
            Arrays.fill(dcNext[r], 0f);
        }
        for (int t = end - 1; t >= 0; t--) {
            for (int r = 0; r < n; r++) {
                float[] gr = gates[t * n + r];
                float[] tcr = tanhCells[t * n + r];
                float[] ext = dhExt[t * n + r];
                float[] rec = dhRec[r];
                float[] dcn = dcNext[r];
                float[] dp = dpre[r];
                float[] cp = t == 0 ? null : cells[(t - 1) * n + r];
                boolean any = false;
                for (int j = 0; j < hb; j++) {
                    float dh = flush(ext[j] + rec[j]);
                    float ig = gr[j];
                    float fg = gr[hb + j];
                    float gg = gr[2 * hb + j];
                    float og = gr[3 * hb + j];
                    float tc = tcr[j];
                    float dc = flush(dcn[j] + dh * og * (1 - tc * tc));
                    float cprev = cp == null ? 0f : cp[j];
                    dcn[j] = dc * fg;
                    float di = flush(dc * gg * ig * (1 - ig));
                    float df = flush(dc * cprev * fg * (1 - fg));
                    float dg = flush(dc * ig * (1 - gg * gg));
                    float dO = flush(dh * tc * og * (1 - og));
                    dp[j] = di;
                    dp[hb + j] = df;
                    dp[2 * hb + j] = dg;
                    dp[3 * hb + j] = dO;
                    any |= di != 0 || df != 0 || dg != 0 || dO != 0;
                }
                rowLive[r] = any;
            }
            for (int r = 0; r < n; r++) {
                float[] rec = dhRec[r];
                Arrays.fill(rec, 0f);
                if (!rowLive[r]) {
                    continue; // the gradient has vanished for this window at this step: nothing to propagate
                }
                float[] dp = dpre[r];
                add(dp, glb, g4);
                for (int d = 0; d < dim; d++) {
                    axpy(x[(t * n + r) * dim + d], dp, gwx[d], g4);
                }
                if (t > 0) {
                    float[] hp = hs[(t - 1) * n + r];
                    for (int i = 0; i < hb; i++) {
                        axpy(hp[i], dp, gwh[i], g4);
                    }
                    for (int k = 0; k < g4; k++) {
                        axpy(dp[k], whT[k], rec, hb);
                    }
                }
            }
        }
    }

    /**
     * Gradients below {@value #FLUSH} in magnitude are set to zero: they are ~15 orders of magnitude below the
     * gradients that matter, and left alone they decay through the LSTM towards subnormal floats (slow on x86) and
     * keep windows "live" whose gradient has vanished.
     */
    static float flush(float v) {
        return Math.abs(v) < FLUSH ? 0f : v;
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    /** {@code y[0, len) += a · x[0, len)}: separate rows from index 0, the form the JIT vectorises. */
    static void axpy(float a, float[] x, float[] y, int len) {
        if (a == 0f) {
            return;
        }
        for (int k = 0; k < len; k++) {
            y[k] += a * x[k];
        }
    }

    /** {@code y[0, len) += x[0, len)}. */
    static void add(float[] x, float[] y, int len) {
        for (int k = 0; k < len; k++) {
            y[k] += x[k];
        }
    }

    static void toRows(float[] flat, float[][] rows) {
        int cols = rows[0].length;
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(flat, i * cols, rows[i], 0, cols);
        }
    }

    static void fromRows(float[][] rows, float[] flat) {
        int cols = rows[0].length;
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
    }

    static void transpose(float[][] w, float[][] out) {
        for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < w[i].length; j++) {
                out[j][i] = w[i][j];
            }
        }
    }

    /** Copies columns {@code [so, so+width)} of every row of {@code src} to columns {@code [dO, ...)} of dst. */
    static void copyCols(float[][] src, int so, float[][] dst, int dO, int width, int rows) {
        if (width == 0) {
            return;
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src[r], so, dst[r], dO, width);
        }
    }

    /** Adds columns {@code [so, so+width)} of {@code src} to columns {@code [dO, ...)} of {@code dst}. */
    static void addCols(float[][] src, int so, float[][] dst, int dO, int width, int rows) {
        for (int r = 0; r < rows; r++) {
            float[] s = src[r];
            float[] d = dst[r];
            for (int k = 0; k < width; k++) {
                d[dO + k] += s[so + k];
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

    /**
     * The rotation part of the {@link TdVaeConfig.Transition#ROTATION} transition mean: {@code ω = κ·(z·Wr + br)}
     * ({@code [P]}, {@code κ = ROTATION_RATE_SCALE}), {@code θ_p = dt·ω_p}, and for each pair
     * {@code (a, b) = (z_{2p}, z_{2p+1})}:
     * {@code (a cos θ - b sin θ, a sin θ + b cos θ)}; an odd last coordinate passes through. Backward, with
     * {@code g = ∂L/∂out}: {@code ∂L/∂a = g_0 cos θ + g_1 sin θ}, {@code ∂L/∂b = -g_0 sin θ + g_1 cos θ},
     * {@code ∂L/∂θ = -g_0·out_1 + g_1·out_0}, {@code ∂L/∂(z·Wr + br) = κ·dt·∂L/∂θ}, then through the linear map to
     * {@code Wr, br, z}.
     */
    private static final class Rotation {
        final int zt;
        final int pairs;
        final float[] wrFlat;
        final float[] br;
        final float[][] wr;
        final float[][] gwr;
        final float[] gwrFlat;
        final float[] gbr;

        Rotation(int zt, int pairs, Map<String, float[]> params, Map<String, float[]> grads) {
            this.zt = zt;
            this.pairs = pairs;
            wrFlat = params.get("T.Wr");
            br = params.get("T.br");
            wr = new float[zt][pairs];
            gwr = new float[zt][pairs];
            gwrFlat = grads.get("T.Wr");
            gbr = grads.get("T.br");
        }

        void refresh() {
            toRows(wrFlat, wr);
        }

        void clearGradients() {
            for (float[] row : gwr) {
                Arrays.fill(row, 0f);
            }
            Arrays.fill(gbr, 0f);
        }

        void storeGradients() {
            fromRows(gwr, gwrFlat);
        }

        /** One application: the angles' cosines and sines per row. */
        final class App {
            float[][] cos;
            float[][] sin;
            float[] dOmega;

            void allocate(int rows) {
                cos = new float[rows][pairs];
                sin = new float[rows][pairs];
                dOmega = new float[pairs];
            }

            void forward(float[][] zin, int[] dt, float[][] out, int rows) {
                for (int r = 0; r < rows; r++) {
                    float[] zr = zin[r];
                    float[] o = out[r];
                    for (int p = 0; p < pairs; p++) {
                        double w = br[p];
                        for (int i = 0; i < zt; i++) {
                            w += (double) zr[i] * wr[i][p];
                        }
                        double th = dt[r] * TdVaeConfig.ROTATION_RATE_SCALE * w;
                        double c = Math.cos(th);
                        double sn = Math.sin(th);
                        cos[r][p] = (float) c;
                        sin[r][p] = (float) sn;
                        double a = zr[2 * p];
                        double bb = zr[2 * p + 1];
                        o[2 * p] = (float) (a * c - bb * sn);
                        o[2 * p + 1] = (float) (a * sn + bb * c);
                    }
                    if (zt % 2 == 1) {
                        o[zt - 1] = zr[zt - 1];
                    }
                }
            }

            void backward(float[][] zin, int[] dt, float[][] out, float[][] dOut, float[][] dz, int rows) {
                for (int r = 0; r < rows; r++) {
                    float[] zr = zin[r];
                    float[] o = out[r];
                    float[] g = dOut[r];
                    float[] d = dz[r];
                    for (int p = 0; p < pairs; p++) {
                        float c = cos[r][p];
                        float sn = sin[r][p];
                        float g0 = g[2 * p];
                        float g1 = g[2 * p + 1];
                        d[2 * p] += c * g0 + sn * g1;
                        d[2 * p + 1] += -sn * g0 + c * g1;
                        float dth = -g0 * o[2 * p + 1] + g1 * o[2 * p];
                        dOmega[p] = (float) (dt[r] * TdVaeConfig.ROTATION_RATE_SCALE) * dth;
                        gbr[p] += dOmega[p];
                    }
                    if (zt % 2 == 1) {
                        d[zt - 1] += g[zt - 1];
                    }
                    for (int i = 0; i < zt; i++) {
                        float zi = zr[i];
                        float[] wi = wr[i];
                        float[] gi = gwr[i];
                        float acc = 0f;
                        for (int p = 0; p < pairs; p++) {
                            gi[p] += zi * dOmega[p];
                            acc += wi[p] * dOmega[p];
                        }
                        d[i] += acc;
                    }
                }
            }
        }
    }

    /** Parameters (as row copies and transposed rows) and gradients of one Gaussian net. */
    private static final class Net {
        final int in;
        final int hidden;
        final int out;
        final boolean hasMean;
        final float[] w1Flat;
        final float[] wmFlat;
        final float[] wsFlat;
        final float[] b1;
        final float[] bm;
        final float[] bs;
        final float[][] w1;
        final float[][] wm;
        final float[][] ws;
        final float[][] w1T;
        final float[][] wmT;
        final float[][] wsT;
        final float[][] gw1;
        final float[][] gwm;
        final float[][] gws;
        final float[] gw1Flat;
        final float[] gwmFlat;
        final float[] gwsFlat;
        final float[] gb1;
        final float[] gbm;
        final float[] gbs;

        Net(String prefix, int in, int hidden, int out, Map<String, float[]> params, Map<String, float[]> grads) {
            this.in = in;
            this.hidden = hidden;
            this.out = out;
            w1Flat = params.get(prefix + ".W1");
            wmFlat = params.get(prefix + ".Wm"); // null: no mean head (the rotation transition)
            hasMean = wmFlat != null;
            wsFlat = params.get(prefix + ".Ws");
            b1 = params.get(prefix + ".b1");
            bm = params.get(prefix + ".bm");
            bs = params.get(prefix + ".bs");
            w1 = new float[in][hidden];
            wm = hasMean ? new float[hidden][out] : null;
            ws = new float[hidden][out];
            w1T = new float[hidden][in];
            wmT = hasMean ? new float[out][hidden] : null;
            wsT = new float[out][hidden];
            gw1 = new float[in][hidden];
            gwm = hasMean ? new float[hidden][out] : null;
            gws = new float[hidden][out];
            gw1Flat = grads.get(prefix + ".W1");
            gwmFlat = grads.get(prefix + ".Wm");
            gwsFlat = grads.get(prefix + ".Ws");
            gb1 = grads.get(prefix + ".b1");
            gbm = hasMean ? grads.get(prefix + ".bm") : null;
            gbs = grads.get(prefix + ".bs");
        }

        void refresh() {
            toRows(w1Flat, w1);
            toRows(wsFlat, ws);
            transpose(w1, w1T);
            transpose(ws, wsT);
            if (hasMean) {
                toRows(wmFlat, wm);
                transpose(wm, wmT);
            }
        }

        void clearGradients() {
            for (float[][] g : new float[][][] {gw1, gwm, gws}) {
                if (g == null) {
                    continue;
                }
                for (float[] row : g) {
                    Arrays.fill(row, 0f);
                }
            }
            Arrays.fill(gb1, 0f);
            if (hasMean) {
                Arrays.fill(gbm, 0f);
            }
            Arrays.fill(gbs, 0f);
        }

        void storeGradients() {
            fromRows(gw1, gw1Flat);
            if (hasMean) {
                fromRows(gwm, gwmFlat);
            }
            fromRows(gws, gwsFlat);
        }
    }

    /** One application of a {@link Net} to {@code rows} input rows: activations and their gradients. */
    private static final class App {
        final Net net;
        final boolean withStd;
        float[][] in;
        float[][] hid;
        float[][] mean;
        float[][] pre;
        float[][] std;
        float[][] dMean;
        float[][] dStd;
        float[][] dHid;
        float[][] dIn;

        App(Net net, boolean withStd) {
            this.net = net;
            this.withStd = withStd;
        }

        void allocate(int rows) {
            in = new float[rows][net.in];
            hid = new float[rows][net.hidden];
            mean = new float[rows][net.out];
            pre = new float[rows][net.out];
            std = new float[rows][net.out];
            dMean = new float[rows][net.out];
            dStd = new float[rows][net.out];
            dHid = new float[rows][net.hidden];
            dIn = new float[rows][net.in];
        }

        void clear(int rows) {
            for (int r = 0; r < rows; r++) {
                Arrays.fill(dMean[r], 0f);
                Arrays.fill(dStd[r], 0f);
            }
        }

        /** {@code hid = tanh(in·W1 + b1)}, {@code mean = hid·Wm + bm}, {@code std = softplus(hid·Ws + bs) + MIN_STD}. */
        void forward(int rows) {
            int ni = net.in;
            int nh = net.hidden;
            int no = net.out;
            for (int r = 0; r < rows; r++) {
                float[] x = in[r];
                float[] h = hid[r];
                System.arraycopy(net.b1, 0, h, 0, nh);
                for (int i = 0; i < ni; i++) {
                    axpy(x[i], net.w1[i], h, nh);
                }
                for (int k = 0; k < nh; k++) {
                    h[k] = (float) tanh(h[k]);
                }
                if (net.hasMean) { // without a mean head, mean stays 0
                    float[] mu = mean[r];
                    System.arraycopy(net.bm, 0, mu, 0, no);
                    for (int k = 0; k < nh; k++) {
                        axpy(h[k], net.wm[k], mu, no);
                    }
                }
                if (withStd) {
                    float[] a = pre[r];
                    System.arraycopy(net.bs, 0, a, 0, no);
                    for (int k = 0; k < nh; k++) {
                        axpy(h[k], net.ws[k], a, no);
                    }
                    float[] sd = std[r];
                    for (int j = 0; j < no; j++) {
                        sd[j] = (float) (softplus(a[j]) + TdVaeConfig.MIN_STD);
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
                float[] h = hid[r];
                float[] dh = dHid[r];
                float[] dm = dMean[r];
                Arrays.fill(dh, 0f);
                if (net.hasMean) {
                    add(dm, net.gbm, no);
                    for (int j = 0; j < no; j++) {
                        axpy(dm[j], net.wmT[j], dh, nh);
                    }
                    for (int k = 0; k < nh; k++) {
                        axpy(h[k], dm, net.gwm[k], no);
                    }
                }
                if (withStd) {
                    float[] ds = dStd[r];
                    float[] a = pre[r];
                    for (int j = 0; j < no; j++) {
                        ds[j] = (float) (ds[j] * sigmoid(a[j])); // now the gradient of the pre-activation
                    }
                    add(ds, net.gbs, no);
                    for (int j = 0; j < no; j++) {
                        axpy(ds[j], net.wsT[j], dh, nh);
                    }
                    for (int k = 0; k < nh; k++) {
                        axpy(h[k], ds, net.gws[k], no);
                    }
                }
                for (int k = 0; k < nh; k++) {
                    dh[k] *= 1 - h[k] * h[k];
                }
                add(dh, net.gb1, nh);
                float[] di = dIn[r];
                Arrays.fill(di, 0f);
                for (int k = 0; k < nh; k++) {
                    axpy(dh[k], net.w1T[k], di, ni);
                }
                float[] x = in[r];
                for (int i = 0; i < ni; i++) {
                    axpy(x[i], dh, net.gw1[i], nh);
                }
            }
        }
    }
}
