package io.beliefstream.models.tdvae.internal;

import io.beliefstream.models.tdvae.TdVaeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The TD-VAE as a SameDiff graph built from plain ops (no {@code lstmLayer}: see stack.md for its bugs in
 * 1.0.0-M2.1).
 *
 * <p><b>Training graph.</b> Placeholders ({@code N} windows of length {@code T}, {@code M} pairs):
 * {@code x [T, N, D]} (normalised observations, time-major), {@code sel1, sel2 [M, N·T]} (one-hot rows that pick
 * {@code b_{t1}} and {@code b_{t2}} out of the flattened beliefs, row {@code n·T + t}), {@code xt2 [M, D]},
 * {@code dtf [M, 2]} (jump features), {@code eps1, eps2 [M, L·Z]} (standard-normal noise for the reparameterised
 * samples). Output {@code loss} is {@code -J_{t1,t2}} averaged over the pairs, where (reference, section TD-VAE)
 *
 * <pre>
 *   J = E[ log p_D(x_{t2}|z_{t2}) + log p_B(z_{t1}|b_{t1}) + log p_T(z_{t2}|z_{t1}) - log p_B(z_{t2}|b_{t2})
 *          - log p_S(z_{t1}|z_{t2}, b_{t1}, b_{t2}) ]
 * </pre>
 *
 * with {@code z_{t2} ~ p_B(·|b_{t2})} and {@code z_{t1} ~ p_S(·|z_{t2}, ...)} sampled by reparameterisation. The
 * pair {@code log p_B(z_{t1}|b_{t1}) - log p_S(z_{t1}|...)} is replaced by its expectation under {@code p_S}, the
 * analytic {@code -KL(p_S || p_B)} (per layer, given the sampled upper layer); the terms {@code log p_D},
 * {@code log p_T} and {@code log p_B(z_{t2}|b_{t2})} are single-sample Monte Carlo estimates (they depend on samples
 * of both time points, so no closed form applies). Outputs {@code kl}, {@code nllx}, {@code logpb2},
 * {@code logpt} hold the batch means of the four parts ({@code loss = kl + logpb2 - logpt + nllx}). The
 * differentiated loss is {@code trainLoss = nllx + β·(kl + logpb2 - logpt)} with a placeholder {@code beta [1]}
 * (β = 1 gives {@code loss}); a β ramped up from below 1 is a KL warm-up against posterior collapse.
 *
 * <p><b>Auxiliary term (a deviation from the paper, weight {@code lambda [1]}, 0 = pure objective).</b>
 * {@code aux = -E[log p_T(z_{t2} | z̄_{t1}, dt)]} where {@code z̄_{t1}} is the mean of {@code p_B(z|b_{t1})} (lower
 * layers at the upper means) and the target {@code z_{t2}} is the same sample as in {@code J}, held fixed by a
 * stop-gradient (the transition mean is {@code z + MLP} or {@code R(dt·ω)·z}, see {@link #transitionMean}). It
 * trains the transition on exactly the path served jumpy forecasts take (belief mean, then one
 * transition). Without it, the transition only sees noisy latent samples and learns to shrink towards the mean,
 * which on a budget of a few hundred steps left forecasts worse than the last value even at {@code dt = 1}.
 * {@code trainLoss = nllx + β·(kl + logpb2 - logpt) + λ·aux}; {@code loss} (reported, and used for validation and
 * early stopping) stays {@code -J}.
 *
 * <p><b>Forecast graph</b> ({@link #forecast}): beliefs over {@code x [T, N, D]}, then for every horizon {@code k}
 * the deterministic forecast served by the kernels: {@code z_t = mean of p_B(z|b_T)} (top layer first, lower layer
 * at the upper mean), {@code z_{t+k} ~ p_T(z|z_t, k)} with mean {@code μ_T} and std {@code σ_T}, and
 * {@code x_{t+k}} moment-matched to first order: mean {@code μ_D(μ_T)}, variance
 * {@code σ_D(μ_T)² + Σ_j (∂μ_D/∂z_j)² σ_{T,j}²}.
 */
public final class TdVaeGraph {
    private final SameDiff sd;
    private final TdVaeConfig config;
    private final ParamLayout layout;
    private final Map<String, SDVariable> vars = new java.util.HashMap<>();
    private final DataType type;

    private TdVaeGraph(ParamLayout layout, Map<String, INDArray> params, DataType type) {
        this.sd = SameDiff.create();
        this.layout = layout;
        this.config = layout.config();
        this.type = type;
        for (ParamLayout.Param p : layout.params()) {
            INDArray v = params.get(p.name());
            if (v == null) {
                throw new IllegalArgumentException("missing parameter " + p.name());
            }
            vars.put(p.name(), sd.var(p.name(), v.castTo(type).reshape(p.rows(), p.cols())));
        }
    }

    /** Names of the trainable variables, in layout order. */
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        for (ParamLayout.Param p : layout.params()) {
            names.add(p.name());
        }
        return names;
    }

    public SameDiff sameDiff() {
        return sd;
    }

    /** Wraps float parameters as arrays of the given type. */
    public static Map<String, INDArray> toArrays(ParamLayout layout, Map<String, float[]> values, DataType type) {
        Map<String, INDArray> out = new java.util.HashMap<>();
        for (ParamLayout.Param p : layout.params()) {
            out.put(p.name(), Nd4j.createFromArray(values.get(p.name())).reshape(p.rows(), p.cols()).castTo(type));
        }
        return out;
    }

    /** The training graph for windows of {@code windowLength}; see the class comment for placeholders. */
    public static TdVaeGraph training(ParamLayout layout, Map<String, INDArray> params, int windowLength,
            DataType type) {
        TdVaeGraph g = new TdVaeGraph(layout, params, type);
        g.buildTraining(windowLength);
        return g;
    }

    /** The forecast graph for sequences of {@code length} and the given horizons; see the class comment. */
    public static TdVaeGraph forecast(ParamLayout layout, Map<String, INDArray> params, int length,
            int[] horizons, DataType type) {
        TdVaeGraph g = new TdVaeGraph(layout, params, type);
        g.buildForecast(length, horizons);
        return g;
    }

    private SDVariable p(String name) {
        return vars.get(name);
    }

    /** Runs the LSTM over {@code x [T, N, D]}; returns the T belief states {@code [N, H]} (and the last cell). */
    private SDVariable[] beliefs(SDVariable x, int length) {
        // the input projection of every step in one product: [T·N, D]·Wx + b, then one slice per step
        int g4 = 4 * config.beliefSize();
        SDVariable proj = sd.reshape(sd.reshape(x, -1, config.inputDim()).mmul(p("lstm.Wx")).add(p("lstm.b")),
                length, -1, g4);
        SDVariable[] xs = length == 1 ? new SDVariable[] {sd.reshape(proj, -1, g4)} : sd.unstack(proj, 0, length);
        SDVariable[] out = new SDVariable[length + 1];
        SDVariable hPrev = null;
        SDVariable cPrev = null;
        for (int t = 0; t < length; t++) {
            SDVariable pre = xs[t];
            if (hPrev != null) {
                pre = pre.add(hPrev.mmul(p("lstm.Wh")));
            }
            SDVariable[] gates = sd.split(pre, 4, 1);
            SDVariable i = sd.nn.sigmoid(gates[0]);
            SDVariable f = sd.nn.sigmoid(gates[1]);
            SDVariable gg = sd.math.tanh(gates[2]);
            SDVariable o = sd.nn.sigmoid(gates[3]);
            SDVariable c = cPrev == null ? i.mul(gg) : f.mul(cPrev).add(i.mul(gg));
            SDVariable hh = o.mul(sd.math.tanh(c));
            out[t] = hh;
            hPrev = hh;
            cPrev = c;
        }
        out[length] = cPrev;
        return out;
    }

    /** One tanh hidden layer of net {@code prefix}. */
    private SDVariable hidden(String prefix, SDVariable in) {
        return sd.math.tanh(in.mmul(p(prefix + ".W1")).add(p(prefix + ".b1")));
    }

    private SDVariable meanHead(String prefix, SDVariable hidden) {
        return hidden.mmul(p(prefix + ".Wm")).add(p(prefix + ".bm"));
    }

    private SDVariable stdHead(String prefix, SDVariable hidden) {
        return sd.nn.softplus(hidden.mmul(p(prefix + ".Ws")).add(p(prefix + ".bs"))).add(TdVaeConfig.MIN_STD);
    }

    /**
     * The transition mean {@code μ_T}: {@code z + MLP} (mean head on the hidden layer {@code ht}) for the residual
     * transition, {@code R(dt·ω)·z} ({@link #rotated}) for the rotation transition.
     */
    private SDVariable transitionMean(SDVariable z, SDVariable dt, SDVariable ht) {
        return config.rotationPairs() == 0 ? z.add(meanHead("T", ht)) : rotated(z, dt);
    }

    /**
     * {@code R(dt·ω)·z} with {@code ω = κ·(z·Wr + br)} ({@link TdVaeConfig.Transition#ROTATION}): the pairs
     * {@code (a, b) = (z_{2p}, z_{2p+1})} become {@code (a cos θ_p - b sin θ_p, a sin θ_p + b cos θ_p)},
     * {@code θ_p = dt·ω_p}, written with constant selection matrices ({@code a = z·E}, {@code b = z·O}, result
     * {@code y_0·Eᵀ + y_1·Oᵀ} plus the unrotated odd last coordinate).
     *
     * @param dt the raw jump, {@code [N, 1]}
     */
    private SDVariable rotated(SDVariable z, SDVariable dt) {
        int pairs = config.rotationPairs();
        int zt = config.totalLatent();
        double[][] e = new double[zt][pairs];
        double[][] o = new double[zt][pairs];
        for (int q = 0; q < pairs; q++) {
            e[2 * q][q] = 1;
            o[2 * q + 1][q] = 1;
        }
        SDVariable even = sd.constant(Nd4j.createFromArray(e).castTo(type));
        SDVariable odd = sd.constant(Nd4j.createFromArray(o).castTo(type));
        SDVariable omega = z.mmul(p("T.Wr")).add(p("T.br")).mul(TdVaeConfig.ROTATION_RATE_SCALE);
        SDVariable theta = omega.mul(dt);
        SDVariable c = sd.math.cos(theta);
        SDVariable sn = sd.math.sin(theta);
        SDVariable a = z.mmul(even);
        SDVariable b = z.mmul(odd);
        SDVariable y0 = a.mul(c).sub(b.mul(sn));
        SDVariable y1 = a.mul(sn).add(b.mul(c));
        SDVariable out = y0.mmul(even.permute(1, 0)).add(y1.mmul(odd.permute(1, 0)));
        if (zt % 2 == 1) {
            double[][] last = new double[zt][zt];
            last[zt - 1][zt - 1] = 1;
            out = out.add(z.mmul(sd.constant(Nd4j.createFromArray(last).castTo(type))));
        }
        return out;
    }

    private SDVariable concat(List<SDVariable> parts) {
        return parts.size() == 1 ? parts.get(0) : sd.concat(1, parts.toArray(new SDVariable[0]));
    }

    private void buildTraining(int length) {
        int d = config.inputDim();
        int h = config.beliefSize();
        int zt = config.totalLatent();
        int layers = config.latentLayers();
        SDVariable x = sd.placeHolder("x", type, length, -1, d);
        SDVariable sel1 = sd.placeHolder("sel1", type, -1, -1);
        SDVariable sel2 = sd.placeHolder("sel2", type, -1, -1);
        SDVariable xt2 = sd.placeHolder("xt2", type, -1, d);
        SDVariable dtf = sd.placeHolder("dtf", type, -1, TdVaeConfig.DT_FEATURES);
        SDVariable eps1 = sd.placeHolder("eps1", type, -1, zt);
        SDVariable eps2 = sd.placeHolder("eps2", type, -1, zt);
        SDVariable beta = sd.placeHolder("beta", type, 1);
        SDVariable lambda = sd.placeHolder("lambda", type, 1);

        SDVariable[] bs = beliefs(x, length);
        SDVariable[] bSeq = java.util.Arrays.copyOf(bs, length);
        SDVariable flat = sd.reshape(sd.stack(1, bSeq), -1, h); // row n·T + t
        SDVariable b1 = sel1.mmul(flat);
        SDVariable b2 = sel2.mmul(flat);
        SDVariable[] e1 = layers == 1 ? new SDVariable[] {eps1} : sd.split(eps1, layers, 1);
        SDVariable[] e2 = layers == 1 ? new SDVariable[] {eps2} : sd.split(eps2, layers, 1);

        // z_{t2} ~ p_B(z | b_{t2}), top layer first; accumulate log p_B(z_{t2} | b_{t2})
        List<SDVariable> z2 = new ArrayList<>();
        SDVariable logpb2 = null;
        for (int l = 0; l < layers; l++) {
            List<SDVariable> in = new ArrayList<>();
            in.add(b2);
            in.addAll(z2);
            SDVariable hid = hidden("B" + l, concat(in));
            SDVariable m = meanHead("B" + l, hid);
            SDVariable s = stdHead("B" + l, hid);
            SDVariable sample = m.add(s.mul(e2[l]));
            SDVariable lp = GaussianGraphOps.logDensityOfSample(sd, e2[l], s, config.latentSize());
            logpb2 = logpb2 == null ? lp : logpb2.add(lp);
            z2.add(sample);
        }
        SDVariable z2all = concat(z2);
        // z_{t1} ~ p_S(z | z_{t2}, b_{t1}, b_{t2}, dt); KL(p_S || p_B(z | b_{t1})) per layer
        List<SDVariable> z1 = new ArrayList<>();
        SDVariable klSum = null;
        for (int l = 0; l < layers; l++) {
            List<SDVariable> in = new ArrayList<>();
            in.add(z2all);
            in.add(b1);
            in.add(b2);
            in.add(dtf);
            in.addAll(z1);
            SDVariable hs = hidden("S" + l, concat(in));
            SDVariable ms = meanHead("S" + l, hs);
            SDVariable ss = stdHead("S" + l, hs);
            List<SDVariable> inB = new ArrayList<>();
            inB.add(b1);
            inB.addAll(z1);
            SDVariable hb = hidden("B" + l, concat(inB));
            SDVariable mb = meanHead("B" + l, hb);
            SDVariable sb = stdHead("B" + l, hb);
            SDVariable k = GaussianGraphOps.kl(sd, ms, ss, mb, sb, config.latentSize());
            klSum = klSum == null ? k : klSum.add(k);
            z1.add(ms.add(ss.mul(e1[l])));
        }
        SDVariable z1all = concat(z1);
        // log p_T(z_{t2} | z_{t1}, dt)
        SDVariable jump = dtf.get(org.nd4j.autodiff.samediff.SDIndex.all(),
                org.nd4j.autodiff.samediff.SDIndex.interval(1, 2)).mul(TdVaeConfig.DT_SCALE); // raw dt [M, 1]
        SDVariable ht = hidden("T", sd.concat(1, z1all, dtf));
        SDVariable mt = transitionMean(z1all, jump, ht);
        SDVariable st = stdHead("T", ht);
        SDVariable logpt = GaussianGraphOps.logDensity(sd, z2all, mt, st, zt);
        // log p_D(x_{t2} | z_{t2})
        SDVariable hd = hidden("D", z2all);
        SDVariable logpd = GaussianGraphOps.logDensity(sd, xt2, meanHead("D", hd), stdHead("D", hd), d);

        SDVariable klMean = klSum.mean(0).rename("kl");
        SDVariable nllx = logpd.mean(0).mul(-1.0).rename("nllx");
        SDVariable lpb = logpb2.mean(0).rename("logpb2");
        SDVariable lpt = logpt.mean(0).rename("logpt");
        // auxiliary forecast term: the transition from the belief means at t1 (the path served forecasts take)
        List<SDVariable> z1b = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            List<SDVariable> in = new ArrayList<>();
            in.add(b1);
            in.addAll(z1b);
            z1b.add(meanHead("B" + l, hidden("B" + l, concat(in))));
        }
        SDVariable z1ball = concat(z1b);
        SDVariable htb = hidden("T", sd.concat(1, z1ball, dtf));
        // the target z_{t2} is held fixed (stop-gradient): the term must not pull p_B(z|b_{t2}) towards predictable,
        // uninformative latents (which collapses the reconstruction)
        SDVariable z2fixed = new StopGradient(sd, z2all).outputVariable();
        SDVariable aux = GaussianGraphOps.logDensity(sd, z2fixed, transitionMean(z1ball, jump, htb),
                stdHead("T", htb), zt)
                .mean(0).mul(-1.0).rename("aux");
        SDVariable rate = klMean.add(lpb).sub(lpt);
        rate.add(nllx).rename("loss");
        // the warm-up objective nll(x) + β·rate; β = 1 is exactly -J
        rate.mul(beta).add(nllx).add(aux.mul(lambda)).reshape(-1).rename("trainLoss");
        sd.setLossVariables("trainLoss");
    }

    private void buildForecast(int length, int[] horizons) {
        int d = config.inputDim();
        int layers = config.latentLayers();
        SDVariable x = sd.placeHolder("x", type, length, -1, d);
        SDVariable[] bs = beliefs(x, length);
        SDVariable b = bs[length - 1];
        b.rename("belief");
        bs[length].rename("cell");
        List<SDVariable> zs = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            List<SDVariable> in = new ArrayList<>();
            in.add(b);
            in.addAll(zs);
            zs.add(meanHead("B" + l, hidden("B" + l, concat(in))));
        }
        SDVariable z = concat(zs);
        z.rename("zmean");
        SDVariable ones = b.mul(0).add(1).get(org.nd4j.autodiff.samediff.SDIndex.all(),
                org.nd4j.autodiff.samediff.SDIndex.interval(0, 1)); // [N, 1] of ones
        for (int hi = 0; hi < horizons.length; hi++) {
            int k = horizons[hi];
            double f0 = TdVaeConfig.dtFeature(0, k);
            double f1 = TdVaeConfig.dtFeature(1, k);
            SDVariable dtf = sd.concat(1, ones.mul(f0), ones.mul(f1));
            SDVariable ht = hidden("T", sd.concat(1, z, dtf));
            SDVariable mt = transitionMean(z, ones.mul(k), ht);
            SDVariable st = stdHead("T", ht);
            SDVariable hd = hidden("D", mt);
            SDVariable md = meanHead("D", hd);
            SDVariable sdD = stdHead("D", hd);
            // first-order moment matching: J[n, j, e] = Σ_u W1[j, u] (1 - hd[n,u]²) Wm[u, e]
            SDVariable g = hd.mul(hd).rsub(1);
            SDVariable wm = p("D.Wm");
            SDVariable w1t = p("D.W1").permute(1, 0);
            List<SDVariable> vars = new ArrayList<>();
            for (int e = 0; e < d; e++) {
                SDVariable col = wm.get(org.nd4j.autodiff.samediff.SDIndex.all(),
                        org.nd4j.autodiff.samediff.SDIndex.interval(e, e + 1)).reshape(1, -1);
                SDVariable jac = g.mul(col).mmul(w1t); // [N, Ztot]
                SDVariable js = jac.mul(st);
                vars.add(config.totalLatent() == 1 ? js.mul(js) : js.mul(js).sum(true, 1));
            }
            SDVariable latentVar = concat(vars);
            md.rename("mean" + hi);
            sdD.mul(sdD).add(latentVar).rename("var" + hi);
            mt.rename("zT" + hi);
            st.rename("sT" + hi);
        }
    }
}
