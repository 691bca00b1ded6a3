package io.beliefstream.models.scorer.internal;

import io.beliefstream.models.scorer.ScorerConfig;
import io.beliefstream.models.scorer.ScorerKind;
import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The autoencoder family as SameDiff graphs, built over the shared {@link ScorerLayers}. References:
 * {@code autoencoder-family-weng.md} (Weng) and {@code autoencoders-slides.txt} (slides), in
 * {@code ../shared/reference}. Every graph has placeholder {@code x} (normalised windows, {@code B × W}), variables
 * {@code layer<i>.w/.b}, and outputs {@code score} (per window, what the serving kernel returns as the error),
 * {@code x_hat} (reconstruction) and the scalar {@code loss} (the training objective, averaged over the batch):
 *
 * <ul>
 *   <li><b>autoencoder</b> (Weng, "Autoencoder", {@code L_AE = 1/n Σ_i (x − f_θ(g_φ(x)))²}): placeholder
 *       {@code x_in} (= {@code x}); {@code loss = mean_b ‖x − D(E(x_in))‖²}.
 *   <li><b>denoising</b> (Weng, "Denoising Autoencoder", {@code L_DAE}: {@code x̃ ~ M_D(x̃|x)} and
 *       {@code 1/n Σ_i (x − f_θ(g_φ(x̃)))²}): {@code x_in = x̃}, the masked window (a fraction {@code ν} of its
 *       values set to 0, as in Vincent et al. 2008), drawn by the trainer; the target stays {@code x}.
 *   <li><b>sparse</b> (slides, "Sparse Autoencoder", method 2: ReLU hidden units and
 *       {@code L_total = L_MSE + λ‖a‖₁}, L1 on the hidden activation output): {@code + λ mean_b Σ_j a_j} with
 *       {@code a = relu(x W₀ + b₀)} the encoder's hidden layer (non-negative, so {@code ‖a‖₁ = Σ_j a_j}).
 *   <li><b>k-sparse</b> (Weng, "k-Sparse Autoencoder": {@code z = g(x)}, {@code z' = Sparsify(z)} keeps the k
 *       largest values, {@code L = ‖x − f(z')‖²}): placeholder {@code mask} ({@code B × D}, 1 at the k largest
 *       values of {@code z}, computed by the trainer from output {@code z}); decoder input {@code z ⊙ mask}, so the
 *       gradient reaches only the k kept units, as the reference says.
 *   <li><b>contractive</b> (Weng, "Contractive Autoencoder", {@code ‖J_f(x)‖_F² = Σ_ij (∂h_j(x)/∂x_i)²} added with
 *       weight {@code λ}): for the encoder {@code z = relu(x W₀ + b₀) W₁ + b₁} the Jacobian is
 *       {@code J = W₀ diag(m) W₁} with {@code m = 1[a > 0]}, and {@code ‖J‖_F² = mᵀ ((W₀ᵀW₀) ∘ (W₁W₁ᵀ)) m} exactly.
 *   <li><b>stacked</b> (slides, "Stacked Autoencoder": learn each level's features from the previous level's, then
 *       fine-tune): {@link #stage} builds the shallow autoencoder of encoder layer {@code s} and its mirror decoder
 *       layer ({@code loss = mean_b ‖f − act(act_s(f W_s + b_s) W_m + b_m)‖²} on the features {@code f} of level
 *       {@code s}); fine-tuning uses the autoencoder graph over all layers.
 *   <li><b>vae, beta-vae</b> (Weng, "Loss Function: ELBO", {@code L_VAE = −E_{z~q_φ(z|x)} log p_θ(x|z) +
 *       D_KL(q_φ(z|x) ‖ p_θ(z))}, and "Beta-VAE", {@code L_BETA} with {@code β D_KL}; reparameterisation
 *       {@code z = μ + σ ⊙ ε}, Weng "Reparameterization Trick"): encoder head {@code (μ, log σ²)}, Gaussian decoder
 *       {@code (μ_x, log σ²_x)}, both log-variances clipped to {@code ±}{@link ScorerLayers#LOG_VAR_BOUND};
 *       placeholder {@code eps} ({@code B·L × D}, row {@code b·L + l}); {@code loss = mean_b [−(1/L) Σ_l
 *       log N(x_b; μ_x, σ²_x)(z_bl) + β KL_b]}, {@code KL_b = −½ Σ_j (1 + log σ²_j − μ_j² − σ²_j)}. Output
 *       {@code score = −(log (1/L) Σ_l p(x_b | z_bl)) / W}: the negative log reconstruction probability of An and Cho
 *       (2015, algorithm 4) per window value, computed by log-sum-exp.
 *   <li><b>vq-vae-2</b> (Weng, "VQ-VAE and VQ-VAE-2": {@code L = ‖x − D(e_k)‖² + β‖E(x) − sg[e_k]‖²} per level, the
 *       codebooks learned by EMA instead of the VQ term; the bottom level conditioned on the top code): placeholders
 *       {@code zq_top, delta_top = zq_top − z_top, zq_bottom, delta_bottom} computed by the trainer from this step's
 *       encoder outputs, constants to autodiff (the stop-gradients), so {@code z + delta} equals the code in value
 *       and passes the gradient straight through to {@code z}.
 * </ul>
 */
public final class ScorerGraph {
    private ScorerGraph() {}

    /** Placeholders of the full graph of a kind, in the order the trainer feeds them. */
    public static List<String> placeholders(ScorerKind kind) {
        return switch (kind) {
            case VAE, BETA_VAE -> List.of("x", "eps");
            case VQ_VAE_2 -> List.of("x", "zq_top", "delta_top", "zq_bottom", "delta_bottom");
            case K_SPARSE -> List.of("x", "x_in", "mask");
            default -> List.of("x", "x_in");
        };
    }

    /**
     * The full graph of {@code layers}' kind with {@code samples} latent samples per window (VAEs), training with
     * Adam at {@code learningRate} when it is positive.
     */
    public static SameDiff build(ScorerLayers layers, int samples, double learningRate) {
        ScorerConfig c = layers.config();
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, c.window());
        SDVariable[][] v = variables(sd, layers, IntStream.range(0, layers.layers().size()).toArray());
        SDVariable loss = switch (c.kind()) {
            case VAE, BETA_VAE -> vae(sd, x, v, layers, samples);
            case VQ_VAE_2 -> vqVae2(sd, x, v, layers);
            default -> autoencoder(sd, x, v, layers);
        };
        loss.rename("loss");
        if (learningRate > 0) {
            train(sd, loss, learningRate, placeholders(c.kind()));
        }
        return sd;
    }

    /**
     * The stacked kind's pre-training graph of level {@code s}: placeholder {@code f} (the level's input features),
     * encoder layer {@code s} and its mirror decoder layer, output {@code y} (the next level's features).
     */
    public static SameDiff stage(ScorerLayers layers, int s, double learningRate) {
        int n = layers.layers().size();
        int m = n - 1 - s;
        SameDiff sd = SameDiff.create();
        SDVariable f = sd.placeHolder("f", DataType.FLOAT, -1, layers.layers().get(s).in());
        SDVariable[][] v = variables(sd, layers, s, m);
        SDVariable y = dense(sd, f, v[s], layers.layers().get(s).relu()).rename("y");
        SDVariable r = dense(sd, y, v[m], layers.layers().get(m).relu());
        SDVariable loss = sd.math().square(f.sub(r)).sum(1).mean().rename("loss");
        train(sd, loss, learningRate, List.of("f"));
        return sd;
    }

    private static void train(SameDiff sd, SDVariable loss, double learningRate, List<String> features) {
        sd.setLossVariables(loss);
        sd.setTrainingConfig(new TrainingConfig.Builder()
                .updater(new Adam(learningRate))
                .dataSetFeatureMapping(features.toArray(String[]::new))
                .markLabelsUnused()
                .build());
    }

    private static SDVariable autoencoder(SameDiff sd, SDVariable x, SDVariable[][] v, ScorerLayers layers) {
        ScorerConfig c = layers.config();
        SDVariable in = sd.placeHolder("x_in", DataType.FLOAT, -1, c.window());
        int e = layers.encoderLayers();
        SDVariable a0 = dense(sd, in, v[0], true);
        SDVariable z = stack(sd, a0, v, layers, 1, e).rename("z");
        SDVariable decIn = z;
        if (c.kind() == ScorerKind.K_SPARSE) {
            decIn = z.mul(sd.placeHolder("mask", DataType.FLOAT, -1, c.latentDim()));
        }
        SDVariable xHat = stack(sd, decIn, v, layers, e, layers.layers().size()).rename("x_hat");
        SDVariable sq = sd.math().square(x.sub(xHat));
        sq.mean(1).rename("score");
        SDVariable loss = sq.sum(1).mean().rename("recon_loss");
        if (c.kind() == ScorerKind.SPARSE) {
            loss = loss.add(a0.sum(1).mean().mul(c.regularisation()));
        } else if (c.kind() == ScorerKind.CONTRACTIVE) {
            SDVariable m = sd.math().sign(a0);
            SDVariable g = sd.mmul(v[0][0], v[0][0], true, false, false);
            SDVariable k = sd.mmul(v[1][0], v[1][0], false, true, false);
            SDVariable jac = sd.mmul(m, g.mul(k)).mul(m).sum(1).rename("jacobian");
            loss = loss.add(jac.mean().mul(c.regularisation()));
        }
        return loss;
    }

    private static SDVariable vae(SameDiff sd, SDVariable x, SDVariable[][] v, ScorerLayers layers, int samples) {
        ScorerConfig c = layers.config();
        int d = c.latentDim();
        int w = c.window();
        SDVariable eps = sd.placeHolder("eps", DataType.FLOAT, -1, d);
        SDVariable head = stack(sd, x, v, layers, 0, 2);
        SDVariable mu = head.get(SDIndex.all(), SDIndex.interval(0, d)).rename("mu");
        SDVariable lv = clipLogVar(sd, head.get(SDIndex.all(), SDIndex.interval(d, 2 * d)));
        SDVariable sigma = sd.math().exp(lv.mul(0.5));
        SDVariable z = mu.reshape(-1, 1, d).add(sigma.reshape(-1, 1, d).mul(eps.reshape(-1, samples, d)))
                .reshape(-1, d);
        SDVariable out = stack(sd, z, v, layers, 2, 4);
        SDVariable muX = out.get(SDIndex.all(), SDIndex.interval(0, w)).reshape(-1, samples, w);
        SDVariable lvX = clipLogVar(sd, out.get(SDIndex.all(), SDIndex.interval(w, 2 * w))).reshape(-1, samples, w);
        SDVariable diff = x.reshape(-1, 1, w).sub(muX);
        // log N(x; μ_x, σ²_x) summed over the window: −½ Σ_i (log 2π + log σ²_i + (x_i − μ_i)² / σ²_i), B × L
        SDVariable logp = lvX.add(sd.math().square(diff).mul(sd.math().exp(lvX.neg()))).add(Math.log(2 * Math.PI))
                .sum(2).mul(-0.5);
        SDVariable recon;
        if (samples == 1) {
            // ND4J 1.0.0-M2.1 fails on reductions over a dimension of length 1 in SameDiff: take the sample directly
            SDVariable lp = logp.reshape(-1);
            muX.reshape(-1, w).rename("x_hat");
            lp.div(-w).rename("score");
            recon = lp.neg().mean().rename("recon_loss");
        } else {
            muX.mean(1).rename("x_hat");
            sd.math().logSumExp(logp, 1).sub(Math.log(samples)).div(-w).rename("score");
            recon = logp.mean(1).neg().mean().rename("recon_loss");
        }
        SDVariable kl = lv.add(1.0).sub(sd.math().square(mu)).sub(sd.math().exp(lv)).sum(1).mul(-0.5).mean()
                .rename("kl");
        return recon.add(kl.mul(c.regularisation()));
    }

    private static SDVariable vqVae2(SameDiff sd, SDVariable x, SDVariable[][] v, ScorerLayers layers) {
        ScorerConfig c = layers.config();
        int dt = c.topLatentDim();
        int d = c.latentDim();
        SDVariable zqTop = sd.placeHolder("zq_top", DataType.FLOAT, -1, dt);
        SDVariable deltaTop = sd.placeHolder("delta_top", DataType.FLOAT, -1, dt);
        SDVariable zqBottom = sd.placeHolder("zq_bottom", DataType.FLOAT, -1, d);
        SDVariable deltaBottom = sd.placeHolder("delta_bottom", DataType.FLOAT, -1, d);
        SDVariable h = dense(sd, x, v[0], true);
        SDVariable zTop = dense(sd, h, v[1], false).rename("z_top");
        SDVariable qTop = zTop.add(deltaTop);
        SDVariable zBottom = dense(sd, sd.concat(1, h, qTop), v[2], false).rename("z_bottom");
        SDVariable qBottom = zBottom.add(deltaBottom);
        SDVariable xHat = stack(sd, sd.concat(1, qBottom, qTop), v, layers, 3, 5).rename("x_hat");
        SDVariable sq = sd.math().square(x.sub(xHat));
        sq.mean(1).rename("score");
        SDVariable recon = sq.sum(1).mean().rename("recon_loss");
        SDVariable commit = sd.math().square(zTop.sub(zqTop)).sum(1).mean()
                .add(sd.math().square(zBottom.sub(zqBottom)).sum(1).mean()).mul(c.regularisation())
                .rename("commit_loss");
        return recon.add(commit);
    }

    private static SDVariable clipLogVar(SameDiff sd, SDVariable lv) {
        return sd.math().clipByValue(lv, -ScorerLayers.LOG_VAR_BOUND, ScorerLayers.LOG_VAR_BOUND);
    }

    /** Variables of the layers {@code indices} (entries of the others stay null). */
    private static SDVariable[][] variables(SameDiff sd, ScorerLayers layers, int... indices) {
        SDVariable[][] v = new SDVariable[layers.layers().size()][];
        for (int i : indices) {
            ScorerLayers.Dense d = layers.layers().get(i);
            v[i] = new SDVariable[] {
                sd.var(ScorerLayers.weightName(i), matrix(layers.weights(i), d.in(), d.out())),
                sd.var(ScorerLayers.biasName(i), Nd4j.createFromArray(layers.biases(i).clone()))};
        }
        return v;
    }

    private static SDVariable dense(SameDiff sd, SDVariable x, SDVariable[] v, boolean relu) {
        SDVariable y = sd.mmul(x, v[0]).add(v[1]);
        return relu ? sd.nn().relu(y, 0.0) : y;
    }

    private static SDVariable stack(SameDiff sd, SDVariable x, SDVariable[][] v, ScorerLayers layers, int from,
            int to) {
        SDVariable y = x;
        for (int i = from; i < to; i++) {
            y = dense(sd, y, v[i], layers.layers().get(i).relu());
        }
        return y;
    }

    /** A {@code rows × cols} c-order float matrix holding a copy of {@code values}. */
    public static INDArray matrix(float[] values, int rows, int cols) {
        return Nd4j.createFromArray(values.clone()).reshape('c', rows, cols);
    }

    /** The current weights of a graph built by {@link #build} or {@link #stage}. */
    public static ScorerLayers layersOf(SameDiff sd, ScorerConfig config) {
        int n = ScorerLayers.layout(config).size();
        float[][] w = new float[n][];
        float[][] b = new float[n][];
        for (int i = 0; i < n; i++) {
            w[i] = sd.getVariable(ScorerLayers.weightName(i)).getArr().dup('c').data().asFloat();
            b[i] = sd.getVariable(ScorerLayers.biasName(i)).getArr().dup('c').data().asFloat();
        }
        return ScorerLayers.of(config, w, b);
    }
}
