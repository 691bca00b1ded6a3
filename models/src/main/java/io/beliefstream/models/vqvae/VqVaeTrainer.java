package io.beliefstream.models.vqvae;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beliefstream.models.bundle.ModelBundle;
import io.beliefstream.models.vqvae.internal.SplitMix64;
import io.beliefstream.models.vqvae.internal.TrainingWindows;
import io.beliefstream.models.vqvae.internal.VqVaeGraph;
import io.beliefstream.models.vqvae.internal.VqVaeWeights;
import io.beliefstream.models.vqvae.internal.WindowState;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Offline VQ-VAE training in SameDiff with straight-through gradients and the commitment term, the codebook learned
 * by the EMA rule of {@link EmaCodebook} (the same class that serves), starting empty and initialised by k-means++
 * from the first encoder outputs. One step, for a minibatch {@code x}:
 *
 * <ol>
 *   <li>forward the encoder: {@code z_e};
 *   <li>nearest codes {@code k_b} and {@code e_{k_b}} from the codebook ({@code z_q = z_e} while it is empty);
 *   <li>one Adam step on {@code mean_b [‖x − D(z_e + sg[e_k − z_e])‖² + β‖z_e − sg[e_k]‖²]} (see
 *       {@link VqVaeGraph});
 *   <li>one EMA update of the codebook with {@code (z_e, k)} (dead-code restarts included).
 * </ol>
 */
public final class VqVaeTrainer {
    /** Size of the fixed subset of training windows on which per-epoch losses are measured. */
    public static final int EVAL_WINDOWS = 2048;

    private final VqVaeConfig config;
    private final VqVaeTrainingConfig training;

    public VqVaeTrainer(VqVaeConfig config, VqVaeTrainingConfig training) {
        this.config = Objects.requireNonNull(config, "config");
        this.training = Objects.requireNonNull(training, "training");
    }

    /**
     * The normalised windows a serving stream would score along {@code series}: the series is pushed through a
     * per-stream {@link WindowState} exactly as in serving and every {@code stride}-th full window is kept.
     *
     * @return row-major {@code n × W}
     */
    public static float[] windowsOf(float[] series, VqVaeConfig config, int stride) {
        return windowsOf(series, config.window(), config.normalisationWindow(), config.clip(), stride);
    }

    /**
     * The same for any window scorer: window {@code w}, normalisation time constant {@code normalisationWindow},
     * clip {@code clip}.
     *
     * @return row-major {@code n × w}
     */
    public static float[] windowsOf(float[] series, int w, double normalisationWindow, double clip, int stride) {
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be at least 1, got " + stride);
        }
        int n = series.length < w ? 0 : (series.length - w) / stride + 1;
        float[] out = new float[n * w];
        WindowState s = new WindowState(w);
        float inv = (float) (1.0 / normalisationWindow);
        int row = 0;
        for (int t = 0; t < series.length; t++) {
            s.push(series[t], inv);
            if (t >= w - 1 && (t - (w - 1)) % stride == 0 && row < n) {
                s.normalisedWindow(out, row * w, (float) clip);
                row++;
            }
        }
        return out;
    }

    /** Concatenates window arrays. */
    public static float[] concat(List<float[]> parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int off = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    /**
     * Trains on normalised windows (row-major {@code n × W}, for example from {@link #windowsOf}).
     *
     * @param windows training windows
     * @param progress receives one line per epoch (may be {@code null})
     * @param dataDescription recorded in the bundle's training metadata
     */
    public VqVaeTrainingResult train(float[] windows, PrintStream progress, String dataDescription) {
        int w = config.window();
        int bs = training.batchSize();
        int n = TrainingWindows.count(windows, w, bs);
        int d = config.latentDim();
        VqVaeModel model = VqVaeModel.untrained(config, training.seed());
        EmaCodebook codebook = model.codebook();
        SameDiff sd = VqVaeGraph.training(model.weights(), config.beta(), training.learningRate());
        SplitMix64 rnd = new SplitMix64(training.seed() ^ 0x5DEECE66DL);

        int[] order = TrainingWindows.shuffledOrder(n, rnd);
        int evalN = Math.min(EVAL_WINDOWS, n);
        float[] evalX = TrainingWindows.rows(windows, order, 0, evalN, w);

        INDArray x = Nd4j.create(DataType.FLOAT, bs, w);
        INDArray zq = Nd4j.create(DataType.FLOAT, bs, d);
        INDArray delta = Nd4j.create(DataType.FLOAT, bs, d);
        FloatBuffer xb = x.data().asNioFloat();
        FloatBuffer zqb = zq.data().asNioFloat();
        FloatBuffer deltab = delta.data().asNioFloat();
        float[] xj = new float[bs * w];
        float[] zqj = new float[bs * d];
        float[] deltaj = new float[bs * d];
        int[] codes = new int[bs];
        float[] e = new float[config.codebookSize() * d];
        MultiDataSet mds = new MultiDataSet(new INDArray[] {x, zq, delta}, new INDArray[0]);

        double[] recon = new double[training.epochs() + 1];
        double[] commit = new double[training.epochs() + 1];
        double[] l0 = evaluate(sd, codebook, evalX, evalN);
        recon[0] = l0[0];
        commit[0] = l0[1];
        if (progress != null) {
            progress.printf("vq-vae: %d windows of %d, batch %d, %d epochs%n", n, w, bs, training.epochs());
            progress.printf("epoch %3d  recon %.5f  commit %.5f%n", 0, recon[0], commit[0]);
        }
        int steps = 0;
        for (int epoch = 1; epoch <= training.epochs(); epoch++) {
            rnd.shuffle(order);
            for (int start = 0; start + bs <= n; start += bs) {
                for (int i = 0; i < bs; i++) {
                    System.arraycopy(windows, order[start + i] * w, xj, i * w, w);
                }
                xb.put(0, xj);
                float[] ze = sd.output(Map.of("x", x), "z_e").get("z_e").dup('c').data().asFloat();
                boolean quantise = codebook.initialised();
                if (quantise) {
                    codebook.copyCodes(e);
                    for (int b = 0; b < bs; b++) {
                        int c = codebook.nearest(ze, b * d);
                        codes[b] = c;
                        for (int j = 0; j < d; j++) {
                            zqj[b * d + j] = e[c * d + j];
                            deltaj[b * d + j] = e[c * d + j] - ze[b * d + j];
                        }
                    }
                } else {
                    System.arraycopy(ze, 0, zqj, 0, bs * d);
                    java.util.Arrays.fill(deltaj, 0f);
                    java.util.Arrays.fill(codes, -1);
                }
                zqb.put(0, zqj);
                deltab.put(0, deltaj);
                sd.fit(mds);
                codebook.update(ze, null, codes, bs);
                steps++;
            }
            double[] l = evaluate(sd, codebook, evalX, evalN);
            recon[epoch] = l[0];
            commit[epoch] = l[1];
            if (progress != null) {
                var st = codebook.stats();
                progress.printf("epoch %3d  recon %.5f  commit %.5f  perplexity %.1f  live %d/%d  restarts %d%n",
                        epoch, recon[epoch], commit[epoch], st.perplexity(), st.liveCodes(), st.size(), st.restarts());
            }
        }
        VqVaeWeights trained = VqVaeGraph.weightsOf(sd, w, config.hidden(), d);
        ObjectNode meta = ModelBundle.newMetadata();
        meta.put("data", dataDescription == null ? "" : dataDescription);
        meta.put("windows", n);
        meta.put("epochs", training.epochs());
        meta.put("batchSize", bs);
        meta.put("learningRate", training.learningRate());
        meta.put("seed", training.seed());
        meta.put("steps", steps);
        ArrayNode rl = meta.putArray("reconLoss");
        ArrayNode cl = meta.putArray("commitLoss");
        for (int i = 0; i < recon.length; i++) {
            rl.add(recon[i]);
            cl.add(commit[i]);
        }
        VqVaeModel result = model.withWeights(trained, meta);
        return new VqVaeTrainingResult(result, recon, commit, n, steps);
    }

    /** Reconstruction and commitment terms on the evaluation windows with the current weights and codebook. */
    private double[] evaluate(SameDiff sd, EmaCodebook codebook, float[] evalX, int evalN) {
        int w = config.window();
        int d = config.latentDim();
        INDArray x = VqVaeGraph.matrix(evalX, evalN, w);
        float[] ze = sd.output(Map.of("x", x), "z_e").get("z_e").dup('c').data().asFloat();
        float[] zq = new float[evalN * d];
        float[] delta = new float[evalN * d];
        if (codebook.initialised()) {
            float[] e = codebook.codes();
            for (int b = 0; b < evalN; b++) {
                int c = codebook.nearest(ze, b * d);
                for (int j = 0; j < d; j++) {
                    zq[b * d + j] = e[c * d + j];
                    delta[b * d + j] = e[c * d + j] - ze[b * d + j];
                }
            }
        } else {
            System.arraycopy(ze, 0, zq, 0, zq.length);
        }
        Map<String, INDArray> out = sd.output(Map.of("x", x, "zq", VqVaeGraph.matrix(zq, evalN, d), "delta",
                VqVaeGraph.matrix(delta, evalN, d)), "recon_loss", "commit_loss");
        return new double[] {out.get("recon_loss").getDouble(0), out.get("commit_loss").getDouble(0)};
    }
}
