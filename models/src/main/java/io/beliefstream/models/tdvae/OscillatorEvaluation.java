package io.beliefstream.models.tdvae;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beliefstream.models.bundle.ModelBundle;
import io.beliefstream.models.synthetic.HarmonicOscillator;
import io.beliefstream.models.tdvae.internal.TdVaeNet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code beliefstream evaluate oscillator}: trains a TD-VAE on the noisy harmonic oscillator
 * ({@link HarmonicOscillator}), then on held-out sequences compares, for each horizon {@code k}, the mean squared
 * error of (1) the jumpy forecast (one transition of {@code k}), (2) the naive last value {@code x_t} and (3) the
 * same model rolled forward one step at a time {@code k} times in latent space (transition means with
 * {@code dt = 1}, then the decoder mean), and the time per forecast of (1) and (3) with the plain-Java serving
 * network, batched over the test sequences.
 */
public final class OscillatorEvaluation {
    private OscillatorEvaluation() {}

    /**
     * @param oscillator the data generator
     * @param trainSequences training sequences (the last 10% are the validation split)
     * @param testSequences held-out sequences, generated with a different seed
     * @param sequenceLength observations per sequence
     * @param context observations absorbed before the first forecast origin
     * @param originsPerSequence forecast origins per test sequence, {@code originStride} apart
     * @param originStride steps between forecast origins
     * @param horizons forecast horizons; those that do not fit in the test sequences are dropped
     * @param model architecture
     * @param training training options (normalisation is forced to GLOBAL: every oscillator shares one scale)
     * @param seed seed of the data (training data use {@code seed}, test data {@code seed + 1})
     */
    public record Options(HarmonicOscillator oscillator, int trainSequences, int testSequences, int sequenceLength,
            int context, int originsPerSequence, int originStride, int[] horizons, TdVaeConfig model,
            TdVaeTrainingConfig training, long seed) {
        public static final int DEFAULT_TRAIN_SEQUENCES = 300;
        public static final int DEFAULT_TEST_SEQUENCES = 100;
        public static final int DEFAULT_SEQUENCE_LENGTH = 200;
        public static final int DEFAULT_CONTEXT = 50;
        public static final int DEFAULT_ORIGINS = 4;
        public static final int DEFAULT_ORIGIN_STRIDE = 10;
        public static final int[] DEFAULT_HORIZONS = {1, 5, 20, 100};
        public static final long DEFAULT_SEED = 7L;

        public Options {
            TdVaeConfig.requireRange("trainSequences", trainSequences, 5, 10_000_000);
            TdVaeConfig.requireRange("testSequences", testSequences, 1, 10_000_000);
            TdVaeConfig.requireRange("sequenceLength", sequenceLength, 3, 10_000_000);
            TdVaeConfig.requireRange("context", context, 1, sequenceLength - 1);
            TdVaeConfig.requireRange("originsPerSequence", originsPerSequence, 1, 1_000_000);
            TdVaeConfig.requireRange("originStride", originStride, 1, 1_000_000);
            if (horizons == null || horizons.length == 0) {
                throw new IllegalArgumentException("horizons must not be empty");
            }
            for (int h : horizons) {
                TdVaeConfig.requireRange("horizons", h, 1, 1_000_000);
            }
            if (model.inputDim() != 1) {
                throw new IllegalArgumentException("model.inputDim must be 1 for the oscillator, got "
                        + model.inputDim());
            }
            if (training.windowLength() > sequenceLength) {
                throw new IllegalArgumentException("training.windowLength " + training.windowLength()
                        + " exceeds sequenceLength " + sequenceLength);
            }
            horizons = horizons.clone();
            training = training.withNormalisation(TdVaeTrainingConfig.Normalisation.GLOBAL);
        }

        /**
         * The documented defaults (docs/notes/tdvae.md, "Rotation transition"): the rotation transition of
         * {@link TdVaeConfig#defaults()}, window 32, jumps {@code U[1, 10]} with probability 0.5 else
         * {@code U[1, 24]}, 20 epochs × 30 steps (600 steps, about 30 s of CPU with the plain-Java trainer) with the KL
         * warm-up over the whole run. (Until the rotation transition: the residual transition, window 48, jumps up to
         * 40, 2,000 steps; with the rotation transition that recipe let the reconstruction collapse late in the run.)
         */
        public static Options defaults() {
            TdVaeTrainingConfig t = TdVaeTrainingConfig.defaults().withWindowLength(32).withPairsPerWindow(16)
                    .withJumps(10, 24, 0.5).withLearningRate(6e-3).withWarmupSteps(600).withEpochs(20, 30)
                    .withPatience(4).withNormalisation(TdVaeTrainingConfig.Normalisation.GLOBAL);
            return new Options(HarmonicOscillator.defaults(), DEFAULT_TRAIN_SEQUENCES, DEFAULT_TEST_SEQUENCES,
                    DEFAULT_SEQUENCE_LENGTH, DEFAULT_CONTEXT, DEFAULT_ORIGINS, DEFAULT_ORIGIN_STRIDE,
                    DEFAULT_HORIZONS, TdVaeConfig.defaults(), t, DEFAULT_SEED);
        }

        public Options withTraining(TdVaeTrainingConfig t) {
            return new Options(oscillator, trainSequences, testSequences, sequenceLength, context,
                    originsPerSequence, originStride, horizons, model, t, seed);
        }

        public Options withSizes(int trainSequences, int testSequences, int sequenceLength) {
            return new Options(oscillator, trainSequences, testSequences, sequenceLength, context,
                    originsPerSequence, originStride, horizons, model, training, seed);
        }

        public Options withHorizons(int[] h) {
            return new Options(oscillator, trainSequences, testSequences, sequenceLength, context,
                    originsPerSequence, originStride, h, model, training, seed);
        }

        public Options withModel(TdVaeConfig m) {
            return new Options(oscillator, trainSequences, testSequences, sequenceLength, context,
                    originsPerSequence, originStride, horizons, m, training, seed);
        }

        @Override
        public int[] horizons() {
            return horizons.clone();
        }
    }

    /** Figures per horizon (arrays aligned with {@code horizons}); MSEs in raw units. */
    public record Result(int[] horizons, double[] mseJumpy, double[] mseNaive, double[] mseRollout,
            double[] usPerForecastJumpy, double[] usPerForecastRollout, TrainedTdVae model,
            List<TdVaeTrainer.EpochStats> epochs) {

        /** The JSON report: {@code horizons, mse_jumpy, mse_naive, mse_rollout, us_per_forecast_jumpy,
         * us_per_forecast_rollout}, plus {@code epochs} (train/validation loss per epoch). */
        public ObjectNode toJson() {
            ObjectNode o = ModelBundle.newMetadata();
            ArrayNode h = o.putArray("horizons");
            for (int k : horizons) {
                h.add(k);
            }
            put(o, "mse_jumpy", mseJumpy);
            put(o, "mse_naive", mseNaive);
            put(o, "mse_rollout", mseRollout);
            put(o, "us_per_forecast_jumpy", usPerForecastJumpy);
            put(o, "us_per_forecast_rollout", usPerForecastRollout);
            ArrayNode e = o.putArray("epochs");
            for (TdVaeTrainer.EpochStats s : epochs) {
                e.addObject().put("epoch", s.epoch()).put("train", s.trainLoss()).put("validation",
                        s.validationLoss());
            }
            return o;
        }

        /** Writes {@link #toJson()} (pretty-printed) to {@code file}. */
        public void writeJson(Path file) throws IOException {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, ModelBundle.json().writerWithDefaultPrettyPrinter().writeValueAsString(toJson()));
        }

        private static void put(ObjectNode o, String name, double[] v) {
            ArrayNode a = o.putArray(name);
            for (double x : v) {
                a.add(x);
            }
        }
    }

    /** Trains and evaluates; progress and a summary table go to {@code progress} (may be {@code null}). */
    public static Result run(Options o, PrintStream progress) {
        List<float[][]> train = o.oscillator().generate(o.trainSequences(), o.sequenceLength(), o.seed());
        TdVaeTrainer.Result tr = TdVaeTrainer.train(o.model(), o.training(), train, progress,
                "harmonic oscillator " + o.oscillator());
        Result r = evaluate(tr.model(), o, tr.epochs());
        if (progress != null) {
            progress.printf("%8s %12s %12s %12s %14s %16s%n", "horizon", "mse_jumpy", "mse_naive", "mse_rollout",
                    "us/fc jumpy", "us/fc rollout");
            for (int i = 0; i < r.horizons().length; i++) {
                progress.printf("%8d %12.5f %12.5f %12.5f %14.3f %16.3f%n", r.horizons()[i], r.mseJumpy()[i],
                        r.mseNaive()[i], r.mseRollout()[i], r.usPerForecastJumpy()[i], r.usPerForecastRollout()[i]);
            }
        }
        return r;
    }

    /** Evaluates an already trained model on held-out oscillator sequences. */
    public static Result evaluate(TrainedTdVae model, Options o, List<TdVaeTrainer.EpochStats> epochs) {
        int maxOrigin = o.context() + (o.originsPerSequence() - 1) * o.originStride();
        int[] horizons = Arrays.stream(o.horizons()).filter(k -> maxOrigin + k <= o.sequenceLength()).toArray();
        if (horizons.length == 0) {
            throw new IllegalArgumentException("no horizon fits in sequences of length " + o.sequenceLength()
                    + " with context " + o.context());
        }
        List<float[][]> test = o.oscillator().generate(o.testSequences(), o.sequenceLength(), o.seed() + 1);
        TdVaeNet net = new TdVaeNet(model.config(), model.params());
        int n = test.size();
        int hb = model.config().beliefSize();
        int zt = model.config().totalLatent();
        TdVaeNet.Scratch scratch = net.newScratch(n);
        float mean0 = model.mean()[0];
        float std0 = model.std()[0];
        float[] x = new float[n];
        float[] h = new float[n * hb];
        float[] c = new float[n * hb];
        float[] z = new float[n * zt];
        float[] zr = new float[n * zt];
        float[] zr2 = new float[n * zt];
        float[] fm = new float[n];
        float[] fv = new float[n];
        double[] seJumpy = new double[horizons.length];
        double[] seNaive = new double[horizons.length];
        double[] seRoll = new double[horizons.length];
        long count = 0;
        int t = 0;
        for (int origin = 0; origin < o.originsPerSequence(); origin++) {
            int until = o.context() + origin * o.originStride();
            for (; t < until; t++) {
                for (int b = 0; b < n; b++) {
                    x[b] = (test.get(b)[t][0] - mean0) / std0;
                }
                net.lstm(x, h, c, n, scratch);
            }
            net.beliefMean(h, n, z, scratch);
            for (int hi = 0; hi < horizons.length; hi++) {
                int k = horizons[hi];
                net.forecast(z, k, n, fm, fv, scratch);
                for (int b = 0; b < n; b++) {
                    double target = test.get(b)[until - 1 + k][0];
                    double jumpy = mean0 + std0 * fm[b];
                    double naive = test.get(b)[until - 1][0];
                    seJumpy[hi] += (jumpy - target) * (jumpy - target);
                    seNaive[hi] += (naive - target) * (naive - target);
                }
                rollout(net, z, k, n, zr, zr2, fm, fv, scratch);
                for (int b = 0; b < n; b++) {
                    double target = test.get(b)[until - 1 + k][0];
                    double roll = mean0 + std0 * fm[b];
                    seRoll[hi] += (roll - target) * (roll - target);
                }
            }
            count += n;
        }
        double[] mseJ = new double[horizons.length];
        double[] mseN = new double[horizons.length];
        double[] mseR = new double[horizons.length];
        double[] usJ = new double[horizons.length];
        double[] usR = new double[horizons.length];
        for (int hi = 0; hi < horizons.length; hi++) {
            mseJ[hi] = seJumpy[hi] / count;
            mseN[hi] = seNaive[hi] / count;
            mseR[hi] = seRoll[hi] / count;
            int k = horizons[hi];
            usJ[hi] = time(() -> net.forecast(z, k, n, fm, fv, scratch), n);
            usR[hi] = time(() -> rollout(net, z, k, n, zr, zr2, fm, fv, scratch), n);
        }
        return new Result(horizons, mseJ, mseN, mseR, usJ, usR, model, epochs == null ? List.of() : epochs);
    }

    /** {@code k} one-step transition means from {@code z}, then the decoder (mean and variance). */
    static void rollout(TdVaeNet net, float[] z, int k, int n, float[] a, float[] b, float[] fm, float[] fv,
            TdVaeNet.Scratch scratch) {
        System.arraycopy(z, 0, a, 0, n * net.config().totalLatent());
        float[] cur = a;
        float[] next = b;
        for (int i = 0; i < k; i++) {
            net.transition(cur, 1, n, next, null, scratch);
            float[] tmp = cur;
            cur = next;
            next = tmp;
        }
        net.decode(cur, null, n, fm, fv, scratch);
    }

    /** Microseconds per forecast of {@code task} over a batch of {@code n}, after a warm-up. */
    private static double time(Runnable task, int n) {
        for (int i = 0; i < 20; i++) {
            task.run();
        }
        int reps = 0;
        long t0 = System.nanoTime();
        long elapsed;
        do {
            task.run();
            reps++;
            elapsed = System.nanoTime() - t0;
        } while (elapsed < 200_000_000L && reps < 100_000);
        return elapsed / 1e3 / reps / n;
    }
}
