package io.beliefstream.models.scorer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beliefstream.models.bundle.ModelBundle;
import io.beliefstream.models.scorer.internal.ScorerGraph;
import io.beliefstream.models.scorer.internal.ScorerLayers;
import io.beliefstream.models.scorer.internal.TwoLevelCodebook;
import io.beliefstream.models.vqvae.EmaCodebook;
import io.beliefstream.models.vqvae.VqVaeTrainingConfig;
import io.beliefstream.models.vqvae.internal.SplitMix64;
import io.beliefstream.models.vqvae.internal.TrainingWindows;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;

/**
 * Offline training of every {@link ScorerKind} in SameDiff, on normalised windows (from
 * {@link io.beliefstream.models.vqvae.VqVaeTrainer#windowsOf}): Adam on the kind's objective (see
 * {@link ScorerGraph}) over shuffled minibatches, everything seeded by {@link VqVaeTrainingConfig#seed()}. Per step,
 * the trainer computes the placeholders that are not data:
 *
 * <ul>
 *   <li>denoising: the masked input {@code x̃}, each value set to 0 with probability {@code ν};
 *   <li>k-sparse: the mask of the k largest latent values, from a forward pass of the encoder;
 *   <li>vae, beta-vae: one draw {@code ε ~ N(0, I)} per window (the reparameterisation trick);
 *   <li>vq-vae-2: the nearest top code of each encoder output, then (given it) the nearest bottom code, from the
 *       model's two {@link EmaCodebook}s, which start empty (k-means++ from the first outputs, see
 *       {@link EmaCodebook}) and take one EMA step per minibatch after the Adam step, as the VQ-VAE's trainer does.
 * </ul>
 *
 * The stacked kind is first pre-trained greedily, one level at a time ({@link ScorerGraph#stage}, {@code
 * max(1, epochs/2)} epochs per level, each level on the features of the one below), then fine-tuned end to end.
 */
public final class ScorerTrainer {
    /** Size of the fixed subset of training windows on which per-epoch losses are measured. */
    public static final int EVAL_WINDOWS = 1024;

    private final ScorerConfig config;
    private final VqVaeTrainingConfig training;

    public ScorerTrainer(ScorerConfig config, VqVaeTrainingConfig training) {
        this.config = Objects.requireNonNull(config, "config");
        this.training = Objects.requireNonNull(training, "training");
    }

    /**
     * Trains on normalised windows (row-major {@code n × W}).
     *
     * @param progress receives one line per epoch (may be {@code null})
     * @param dataDescription recorded in the bundle's training metadata
     */
    public ScorerTrainingResult train(float[] windows, PrintStream progress, String dataDescription) {
        int w = config.window();
        int bs = training.batchSize();
        int n = TrainingWindows.count(windows, w, bs);
        ScorerModel model = ScorerModel.untrained(config, training.seed());
        SplitMix64 rnd = new SplitMix64(training.seed() ^ 0x5DEECE66DL);
        int[] order = TrainingWindows.shuffledOrder(n, rnd);
        int evalN = Math.min(EVAL_WINDOWS, n);
        float[] evalX = TrainingWindows.rows(windows, order, 0, evalN, w);
        if (progress != null) {
            progress.printf("%s: %d windows of %d, batch %d, %d epochs%n", config.kind().label(), n, w, bs,
                    training.epochs());
        }
        int steps = 0;
        ScorerLayers layers = model.layers();
        if (config.kind() == ScorerKind.STACKED) {
            PreTrained p = preTrain(layers, windows, n, rnd, progress);
            layers = p.layers;
            steps += p.steps;
        }
        SameDiff sd = ScorerGraph.build(layers, 1, training.learningRate());
        Feeder feeder = new Feeder(sd, model);
        double[] loss = new double[training.epochs() + 1];
        loss[0] = evaluate(feeder, evalX, evalN);
        if (progress != null) {
            progress.printf("epoch %3d  loss %.5f%n", 0, loss[0]);
        }
        float[] xb = new float[bs * w];
        for (int epoch = 1; epoch <= training.epochs(); epoch++) {
            rnd.shuffle(order);
            for (int start = 0; start + bs <= n; start += bs) {
                for (int i = 0; i < bs; i++) {
                    System.arraycopy(windows, order[start + i] * w, xb, i * w, w);
                }
                INDArray[] features = feeder.feed(xb, bs, rnd);
                sd.fit(new MultiDataSet(features, new INDArray[0]));
                feeder.learn(bs);
                steps++;
            }
            loss[epoch] = evaluate(feeder, evalX, evalN);
            if (progress != null) {
                progress.printf("epoch %3d  loss %.5f%n", epoch, loss[epoch]);
            }
        }
        ObjectNode meta = ModelBundle.newMetadata();
        meta.put("data", dataDescription == null ? "" : dataDescription);
        meta.put("windows", n);
        meta.put("epochs", training.epochs());
        meta.put("batchSize", bs);
        meta.put("learningRate", training.learningRate());
        meta.put("seed", training.seed());
        meta.put("steps", steps);
        ArrayNode l = meta.putArray("loss");
        for (double v : loss) {
            l.add(v);
        }
        ScorerModel result = model.withLayers(ScorerGraph.layersOf(sd, config), meta);
        return new ScorerTrainingResult(result, loss, n, steps);
    }

    private record PreTrained(ScorerLayers layers, int steps) {}

    /** Greedy layer-wise pre-training of the stacked kind (slides, "Stacked Autoencoder", stages 1 to 3). */
    private PreTrained preTrain(ScorerLayers initial, float[] windows, int n, SplitMix64 rnd, PrintStream progress) {
        List<ScorerLayers.Dense> dense = initial.layers();
        int levels = initial.encoderLayers();
        int bs = training.batchSize();
        float[][] w = new float[dense.size()][];
        float[][] b = new float[dense.size()][];
        for (int i = 0; i < dense.size(); i++) {
            w[i] = initial.weights(i);
            b[i] = initial.biases(i);
        }
        float[] features = windows;
        int steps = 0;
        int epochs = Math.max(1, training.epochs() / 2);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int s = 0; s < levels; s++) {
            int m = dense.size() - 1 - s;
            int cols = dense.get(s).in();
            SameDiff sd = ScorerGraph.stage(ScorerLayers.of(config, w, b), s, training.learningRate());
            float[] fb = new float[bs * cols];
            double last = Double.NaN;
            for (int epoch = 0; epoch < epochs; epoch++) {
                rnd.shuffle(order);
                for (int start = 0; start + bs <= n; start += bs) {
                    for (int i = 0; i < bs; i++) {
                        System.arraycopy(features, order[start + i] * cols, fb, i * cols, cols);
                    }
                    INDArray f = ScorerGraph.matrix(fb, bs, cols);
                    sd.fit(new MultiDataSet(new INDArray[] {f}, new INDArray[0]));
                    steps++;
                }
            }
            w[s] = array(sd, ScorerLayers.weightName(s));
            b[s] = array(sd, ScorerLayers.biasName(s));
            w[m] = array(sd, ScorerLayers.weightName(m));
            b[m] = array(sd, ScorerLayers.biasName(m));
            Map<String, INDArray> out = sd.output(Map.of("f", ScorerGraph.matrix(features, n, cols)), "y", "loss");
            last = out.get("loss").getDouble(0);
            features = out.get("y").dup('c').data().asFloat();
            if (progress != null) {
                progress.printf("pre-training level %d (%d → %d): loss %.5f%n", s + 1, cols, dense.get(s).out(), last);
            }
        }
        return new PreTrained(ScorerLayers.of(config, w, b), steps);
    }

    private static float[] array(SameDiff sd, String name) {
        return sd.getVariable(name).getArr().dup('c').data().asFloat();
    }

    /** The loss on the evaluation windows, with fixed corruption and latent draws (the same at every epoch). */
    private double evaluate(Feeder feeder, float[] evalX, int evalN) {
        SplitMix64 fixed = new SplitMix64(training.seed() ^ 0xE7A1L);
        INDArray[] in = feeder.feed(evalX, evalN, fixed);
        Map<String, INDArray> map = new HashMap<>();
        List<String> names = ScorerGraph.placeholders(config.kind());
        for (int i = 0; i < names.size(); i++) {
            map.put(names.get(i), in[i]);
        }
        return feeder.sd.output(map, "loss").get("loss").getDouble(0);
    }

    /** Builds the placeholder values of a minibatch, in {@link ScorerGraph#placeholders} order. */
    private final class Feeder {
        final SameDiff sd;
        final TwoLevelCodebook codebook;
        float[] zTop;
        float[] zBottom;
        int[] codesTop;
        int[] codesBottom;

        Feeder(SameDiff sd, ScorerModel model) {
            this.sd = sd;
            this.codebook = model.codebook() instanceof TwoLevelCodebook t ? t : null;
        }

        INDArray[] feed(float[] x, int rows, SplitMix64 rnd) {
            int w = config.window();
            int d = config.latentDim();
            INDArray xa = ScorerGraph.matrix(x, rows, w);
            switch (config.kind()) {
                case VAE, BETA_VAE -> {
                    float[] eps = new float[rows * d];
                    for (int i = 0; i < eps.length; i++) {
                        eps[i] = (float) rnd.nextGaussian();
                    }
                    return new INDArray[] {xa, ScorerGraph.matrix(eps, rows, d)};
                }
                case VQ_VAE_2 -> {
                    return quantised(xa, rows);
                }
                case DENOISING -> {
                    float[] masked = x.clone();
                    for (int i = 0; i < rows * w; i++) {
                        if (rnd.nextDouble() < config.regularisation()) {
                            masked[i] = 0f;
                        }
                    }
                    return new INDArray[] {xa, ScorerGraph.matrix(masked, rows, w)};
                }
                case K_SPARSE -> {
                    float[] z = sd.output(Map.of("x_in", xa), "z").get("z").dup('c').data().asFloat();
                    float[] mask = new float[rows * d];
                    for (int b = 0; b < rows; b++) {
                        topK(z, b * d, d, config.sparsityK(), mask);
                    }
                    return new INDArray[] {xa, xa, ScorerGraph.matrix(mask, rows, d)};
                }
                default -> {
                    return new INDArray[] {xa, xa};
                }
            }
        }

        /** VQ-VAE-2: nearest top codes, then nearest bottom codes given them; remembers both for {@link #learn}. */
        private INDArray[] quantised(INDArray xa, int rows) {
            int dt = config.topLatentDim();
            int d = config.latentDim();
            zTop = sd.output(Map.of("x", xa), "z_top").get("z_top").dup('c').data().asFloat();
            codesTop = new int[rows];
            float[][] top = nearest(codebook.top(), zTop, rows, dt, codesTop);
            INDArray dTop = ScorerGraph.matrix(top[1], rows, dt);
            zBottom = sd.output(Map.of("x", xa, "delta_top", dTop), "z_bottom").get("z_bottom").dup('c').data()
                    .asFloat();
            codesBottom = new int[rows];
            float[][] bottom = nearest(codebook.bottom(), zBottom, rows, d, codesBottom);
            return new INDArray[] {xa, ScorerGraph.matrix(top[0], rows, dt), dTop,
                ScorerGraph.matrix(bottom[0], rows, d), ScorerGraph.matrix(bottom[1], rows, d)};
        }

        /** After an Adam step: one EMA step of each codebook with this minibatch's encoder outputs and codes. */
        void learn(int rows) {
            if (codebook != null) {
                codebook.top().update(zTop, null, codesTop, rows);
                codebook.bottom().update(zBottom, null, codesBottom, rows);
            }
        }
    }

    /** {@code {zq, zq − z}} per row ({@code zq = z}, codes -1 while the codebook is empty). */
    private static float[][] nearest(EmaCodebook cb, float[] z, int rows, int dim, int[] codes) {
        float[] zq = z.clone();
        float[] delta = new float[rows * dim];
        if (cb.initialised()) {
            float[] e = cb.codes();
            for (int b = 0; b < rows; b++) {
                int c = cb.nearest(z, b * dim);
                codes[b] = c;
                for (int j = 0; j < dim; j++) {
                    zq[b * dim + j] = e[c * dim + j];
                    delta[b * dim + j] = e[c * dim + j] - z[b * dim + j];
                }
            }
        } else {
            java.util.Arrays.fill(codes, -1);
        }
        return new float[][] {zq, delta};
    }

    /** Writes 1 at the {@code k} largest of {@code z[off .. off + d)} (ties to the lower index), 0 elsewhere. */
    static void topK(float[] z, int off, int d, int k, float[] mask) {
        for (int j = 0; j < k; j++) {
            int best = -1;
            for (int i = 0; i < d; i++) {
                if (mask[off + i] == 0f && (best < 0 || z[off + i] > z[off + best])) {
                    best = i;
                }
            }
            mask[off + best] = 1f;
        }
    }

}
