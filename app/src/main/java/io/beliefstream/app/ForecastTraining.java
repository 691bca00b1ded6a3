package io.beliefstream.app;

import io.beliefstream.eval.forecast.ForecastContext;
import io.beliefstream.eval.forecast.ForecastEvaluation;
import io.beliefstream.eval.forecast.ForecastEvaluationOptions;
import io.beliefstream.models.Kernel;
import io.beliefstream.models.SequenceModel;
import io.beliefstream.models.StepResult;
import io.beliefstream.models.StreamState;
import io.beliefstream.models.tdvae.TdVaeConfig;
import io.beliefstream.models.tdvae.TdVaeModel;
import io.beliefstream.models.tdvae.TdVaeTrainer;
import io.beliefstream.models.tdvae.TdVaeTrainingConfig;
import io.beliefstream.models.tdvae.TrainedTdVae;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains the TD-VAE that {@code evaluate forecast} measures, on the training split only (the first 12 months,
 * standardised with their own statistics, as every forecaster in the evaluation sees them). The long training series
 * is cut into overlapping chunks so the trainer's windows come from many places. After training, the model is run
 * over the training and validation rows and its validation-split MAE is printed next to the naive and seasonal-naive
 * forecasts' (the test split is never looked at here). The served model then gets its linear skip path
 * ({@link SkipPathFit}, {@link TdVaeModel#withSkipPath}), fitted on the same training and validation rows with the
 * network's forecasts as one regressor; on M4 ({@link #trainMany}) on every series' in-sample values.
 */
final class ForecastTraining {
    /** Length of the chunks the training split is cut into. */
    static final int CHUNK = 480;
    /** Scaling of the served model (see {@link TdVaeModel}). */
    static final TdVaeModel.Scaling SCALING = TdVaeModel.Scaling.RUNNING_PER_STREAM;

    private ForecastTraining() {}

    /** Optimisation steps: {@value #EPOCHS} epochs of {@value #STEPS_PER_EPOCH} steps. */
    static final int EPOCHS = 30;
    static final int STEPS_PER_EPOCH = 50;
    /**
     * KL warm-up length, far beyond the {@code EPOCHS × STEPS_PER_EPOCH} steps of the run: the weight β of the rate
     * terms stays near {@link TdVaeTrainingConfig#WARMUP_START} (0.1 → 0.11) for the whole run, a β-weighted
     * objective that lets the belief keep the level of the series sharply (decoder σ ≈ 0.1 instead of ≈ 0.4 with
     * β = 1). The trainer's validation loss and model choice stay on the true {@code -J} (β = 1).
     */
    static final int WARMUP_STEPS = 100_000;
    /** Weight of the auxiliary belief-mean-to-transition term (the path forecasts take when served). */
    static final double AUXILIARY_WEIGHT = 4.0;

    /**
     * The training options for a given maxHorizon horizon: windows of 96 h (four daily cycles), 16 pairs per window,
     * jumps uniform in [1, 8] with probability 0.5, otherwise uniform in [1, max(30, maxHorizon horizon)].
     */
    static TdVaeTrainingConfig trainingConfig(int maxHorizon, long seed, Path checkpoints) {
        return TdVaeTrainingConfig.defaults().withWindowLength(96).withPairsPerWindow(16)
                .withJumps(Math.min(8, maxHorizon), Math.max(maxHorizon, 30), 0.5)
                .withEpochs(EPOCHS, STEPS_PER_EPOCH).withPatience(EPOCHS).withWarmupSteps(WARMUP_STEPS)
                .withAuxiliaryWeight(AUXILIARY_WEIGHT).withSeed(seed)
                .withNormalisation(TdVaeTrainingConfig.Normalisation.GLOBAL).withCheckpointDir(checkpoints);
    }

    static TdVaeModel trainOnTrainingSplit(ForecastEvaluationOptions options, int[] horizons, long seed,
            PrintStream progress) {
        ForecastEvaluation.Prepared p = ForecastEvaluation.prepare(options);
        return train(p, horizons, options.seasonalPeriod(), seed, progress, "training split of "
                + options.dataFile().getFileName() + " (" + options.target() + ")");
    }

    /**
     * Trains on a forecaster context's training split and chooses between the lowest {@code -J} and the last
     * epoch's weights on its validation split (the test split is not in a context).
     */
    static TdVaeModel train(ForecastContext ctx, long seed, PrintStream progress, String label) {
        int n = ctx.train().length;
        int m = ctx.validation().length;
        double[] y = new double[n + m];
        long[] t = new long[n + m];
        System.arraycopy(ctx.train(), 0, y, 0, n);
        System.arraycopy(ctx.validation(), 0, y, n, m);
        System.arraycopy(ctx.trainTimestamps(), 0, t, 0, n);
        System.arraycopy(ctx.validationTimestamps(), 0, t, n, m);
        ForecastEvaluation.Prepared p = new ForecastEvaluation.Prepared(t, y, n, n + m, n + m, 0, 1);
        return train(p, ctx.horizons(), ctx.seasonalPeriod(), seed, progress, label);
    }

    private static TdVaeModel train(ForecastEvaluation.Prepared p, int[] horizons, int seasonalPeriod, long seed,
            PrintStream progress, String label) {
        List<float[][]> chunks = new ArrayList<>();
        for (int start = 0; start + CHUNK <= p.trainEnd(); start += CHUNK / 2) {
            float[][] c = new float[CHUNK][1];
            for (int i = 0; i < CHUNK; i++) {
                c[i][0] = (float) p.y()[start + i];
            }
            chunks.add(c);
        }
        int maxHorizon = 0;
        for (int h : horizons) {
            maxHorizon = Math.max(maxHorizon, h);
        }
        long t0 = System.nanoTime();
        Path checkpoints;
        try {
            checkpoints = Files.createTempDirectory("beliefstream-forecast-tdvae");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary checkpoint directory", e);
        }
        try {
            // the residual transition: the recipe's measured form (docs/evaluation.md); ETTh1 needs mean reversion, which
            // the rotation form cannot express
            TdVaeTrainer.Result r = TdVaeTrainer.train(
                    TdVaeConfig.defaults().withTransition(TdVaeConfig.Transition.RESIDUAL),
                    trainingConfig(maxHorizon, seed, checkpoints), chunks, progress,
                    label + ", " + chunks.size() + " chunks of " + CHUNK);
            double seconds = (System.nanoTime() - t0) / 1e9;
            // model choice on the validation split: the trainer's best (lowest -J) or the last epoch's weights
            TdVaeModel best = new TdVaeModel(r.model(), horizons, 0.8, SCALING);
            TdVaeModel last = new TdVaeModel(TrainedTdVae.load(checkpoints.resolve("last.bsb")), horizons, 0.8,
                    SCALING);
            double[] fitting = java.util.Arrays.copyOfRange(p.y(), 0, p.validationEnd());
            double[][] bestForecasts = stream(best, List.of(fitting)).get(0);
            double[][] lastForecasts = stream(last, List.of(fitting)).get(0);
            double[][] bestMae = validationMae(bestForecasts, p, horizons, seasonalPeriod);
            double[][] lastMae = validationMae(lastForecasts, p, horizons, seasonalPeriod);
            int hi = indexOf(horizons, maxHorizon);
            boolean useLast = lastMae[0][hi] < bestMae[0][hi];
            if (progress != null) {
                progress.printf(Locale.ROOT, "TD-VAE trained in %.1f s (%d epochs, lowest validation -J at epoch "
                        + "%d), served with %s scaling%n", seconds, r.epochs().size(), r.bestEpoch(), SCALING);
                for (int i = 0; i < horizons.length; i++) {
                    progress.printf(Locale.ROOT, "validation split h=%-3d MAE TD-VAE lowest -J %.4f, last epoch "
                            + "%.4f;  naive %.4f  seasonal naive %.4f%n", horizons[i], bestMae[0][i], lastMae[0][i],
                            bestMae[1][i], bestMae[2][i]);
                }
                progress.printf("chosen on the validation split's MAE at h=%d: %s%n", maxHorizon,
                        useLast ? "last epoch" : "lowest -J epoch");
            }
            // the skip path on the training and validation rows (every origin with a full window behind it)
            List<double[][]> chosenForecasts = new ArrayList<>();
            chosenForecasts.add(useLast ? lastForecasts : bestForecasts);
            return SkipPathFit.fit(useLast ? last : best, List.of(fitting), chosenForecasts, new double[] {1},
                    new int[] {0}, LOOKBACK, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the last checkpoint in " + checkpoints, e);
        } finally {
            deleteQuietly(checkpoints);
        }
    }

    /**
     * Trains one model on the training splits of many series (M4: every series' in-sample values): each series one
     * training sequence, z-scored by its own statistics ({@code PER_SEQUENCE}, their scales differ by orders of
     * magnitude), served with each stream's running scaling. There is no validation split: of the trainer's lowest
     * {@code -J} weights (on its held-out series) and the last epoch's, the one with the lower weighted MSE at the
     * longest horizon over every series' in-sample values is served (the rule of {@link #train}, without a
     * validation split), then its skip path is fitted on the same values.
     */
    static TdVaeModel trainMany(List<ForecastContext> series, long seed, PrintStream progress, String label) {
        List<float[][]> sequences = new ArrayList<>();
        for (ForecastContext c : series) {
            float[][] s = new float[c.train().length][1];
            for (int i = 0; i < s.length; i++) {
                s[i][0] = (float) c.train()[i];
            }
            sequences.add(s);
        }
        int[] horizons = series.get(0).horizons();
        int maxHorizon = horizons[horizons.length - 1];
        long t0 = System.nanoTime();
        Path checkpoints;
        try {
            checkpoints = Files.createTempDirectory("beliefstream-forecast-tdvae");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary checkpoint directory", e);
        }
        TdVaeTrainer.Result r;
        TrainedTdVae lastWeights;
        try {
            r = TdVaeTrainer.train(TdVaeConfig.defaults().withTransition(TdVaeConfig.Transition.RESIDUAL),
                    trainingConfig(maxHorizon, seed, checkpoints)
                            .withNormalisation(TdVaeTrainingConfig.Normalisation.PER_SEQUENCE),
                    sequences, progress, label + ", " + sequences.size() + " series");
            lastWeights = TrainedTdVae.load(checkpoints.resolve("last.bsb"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the last checkpoint in " + checkpoints, e);
        } finally {
            deleteQuietly(checkpoints);
        }
        double level = series.get(0).intervalLevel();
        TdVaeModel best = new TdVaeModel(r.model(), horizons, level, SCALING);
        TdVaeModel last = new TdVaeModel(lastWeights, horizons, level, SCALING);
        List<double[]> seqs = new ArrayList<>();
        double[] weights = new double[series.size()];
        for (int i = 0; i < series.size(); i++) {
            double[] y = series.get(i).train();
            seqs.add(y);
            // rows weighted by the inverse mean squared change, so that every series counts alike whatever its scale
            double sq = 0;
            for (int t = 1; t < y.length; t++) {
                sq += (y[t] - y[t - 1]) * (y[t] - y[t - 1]);
            }
            weights[i] = y.length > 1 && sq > 0 ? (y.length - 1) / sq : 0;
        }
        List<double[][]> bestForecasts = stream(best, seqs);
        List<double[][]> lastForecasts = stream(last, seqs);
        double bestMse = weightedMse(seqs, bestForecasts, weights, horizons.length - 1, maxHorizon);
        double lastMse = weightedMse(seqs, lastForecasts, weights, horizons.length - 1, maxHorizon);
        boolean useLast = lastMse < bestMse;
        if (progress != null) {
            progress.printf(Locale.ROOT, "TD-VAE trained in %.1f s (%d epochs, lowest validation -J at epoch %d), "
                    + "served with %s scaling; in-sample weighted MSE at h=%d: lowest -J %.4f, last epoch %.4f, "
                    + "chosen: %s%n", (System.nanoTime() - t0) / 1e9, r.epochs().size(), r.bestEpoch(), SCALING,
                    maxHorizon, bestMse, lastMse, useLast ? "last epoch" : "lowest -J epoch");
        }
        return SkipPathFit.fit(useLast ? last : best, seqs, useLast ? lastForecasts : bestForecasts, weights,
                new int[series.size()], LOOKBACK, progress);
    }

    /** Weighted mean squared error of horizon index {@code hi} ({@code h} steps) over every origin of every sequence. */
    private static double weightedMse(List<double[]> seqs, List<double[][]> forecasts, double[] weights, int hi,
            int h) {
        double sse = 0;
        double n = 0;
        for (int s = 0; s < seqs.size(); s++) {
            double[] y = seqs.get(s);
            for (int t = 0; t + h < y.length; t++) {
                double e = y[t + h] - forecasts.get(s)[hi][t];
                sse += weights[s] * e * e;
                n += weights[s];
            }
        }
        return n > 0 ? sse / n : Double.NaN;
    }

    /** Observations {@code L} behind the linear skip path (NLinear's input length; {@link SkipPathFit}). */
    static final int LOOKBACK = 336;

    /**
     * The model's mean forecasts {@code [horizon index][origin]} over each sequence streamed from its start;
     * sequences of one length are stepped together as one batch (the serving kernel's batched path).
     */
    private static List<double[][]> stream(SequenceModel model, List<double[]> sequences) {
        int[] horizons = model.info().horizons();
        List<double[][]> out = new ArrayList<>();
        for (double[] y : sequences) {
            out.add(new double[horizons.length][y.length]);
        }
        java.util.Map<Integer, List<Integer>> byLength = new java.util.TreeMap<>();
        for (int s = 0; s < sequences.size(); s++) {
            byLength.computeIfAbsent(sequences.get(s).length, k -> new ArrayList<>()).add(s);
        }
        for (List<Integer> group : byLength.values()) {
            int b = group.size();
            int len = sequences.get(group.get(0)).length;
            StreamState[] states = new StreamState[b];
            for (int i = 0; i < b; i++) {
                states[i] = model.newState();
            }
            Kernel kernel = model.newKernel(b);
            StepResult result = StepResult.forModel(model.info(), b);
            float[] x = new float[b];
            for (int t = 0; t < len; t++) {
                for (int i = 0; i < b; i++) {
                    x[i] = (float) sequences.get(group.get(i))[t];
                }
                kernel.step(states, x, b, result);
                for (int i = 0; i < b; i++) {
                    double[][] f = out.get(group.get(i));
                    for (int hi = 0; hi < horizons.length; hi++) {
                        f[hi][t] = result.mean[result.forecastIndex(i, hi, 0)];
                    }
                }
            }
        }
        return out;
    }

    private static int indexOf(int[] values, int v) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == v) {
                return i;
            }
        }
        throw new IllegalArgumentException(v + " not in " + java.util.Arrays.toString(values));
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }

    /**
     * MAE on the validation split's targets of the model (streamed from the first row, as the evaluation streams
     * it), of the naive and of the seasonal-naive forecast: {@code [model, naive, seasonal naive][horizon]}.
     */
    static double[][] validationMae(SequenceModel model, ForecastEvaluation.Prepared p, int[] horizons,
            int period) {
        return validationMae(stream(model, List.of(java.util.Arrays.copyOfRange(p.y(), 0, p.validationEnd()))).get(0),
                p, horizons, period);
    }

    /** {@link #validationMae(SequenceModel, ForecastEvaluation.Prepared, int[], int)} of given forecasts. */
    static double[][] validationMae(double[][] forecast, ForecastEvaluation.Prepared p, int[] horizons, int period) {
        int end = p.validationEnd();
        double[][] mae = new double[3][horizons.length];
        for (int i = 0; i < horizons.length; i++) {
            int h = horizons[i];
            int n = 0;
            for (int target = Math.max(p.trainEnd(), h + period); target < end; target++) {
                double y = p.y()[target];
                mae[0][i] += Math.abs(forecast[i][target - h] - y);
                mae[1][i] += Math.abs(p.y()[target - h] - y);
                mae[2][i] += Math.abs(p.y()[target - period * ((h + period - 1) / period)] - y);
                n++;
            }
            for (int k = 0; k < 3; k++) {
                mae[k][i] /= Math.max(1, n);
            }
        }
        return mae;
    }
}
