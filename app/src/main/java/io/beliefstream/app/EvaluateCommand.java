package io.beliefstream.app;

import io.beliefstream.eval.detect.DetectorFactory;
import io.beliefstream.eval.forecast.ForecastEvaluation;
import io.beliefstream.eval.forecast.ForecastEvaluationOptions;
import io.beliefstream.eval.forecast.ForecasterFactory;
import io.beliefstream.eval.forecast.SequenceModelForecaster;
import io.beliefstream.eval.nab.NabEvaluation;
import io.beliefstream.eval.nab.NabEvaluationOptions;
import io.beliefstream.eval.nab.NabEvaluationResult;
import io.beliefstream.eval.ucr.UcrEvaluation;
import io.beliefstream.eval.ucr.UcrEvaluationOptions;
import io.beliefstream.eval.ucr.UcrEvaluationResult;
import io.beliefstream.models.tdvae.OscillatorEvaluation;
import io.beliefstream.models.tdvae.TdVaeModel;
import io.beliefstream.models.vqvae.VqDriftOptions;
import io.beliefstream.models.vqvae.VqDriftResult;
import io.beliefstream.models.vqvae.VqVaeCommands;
import io.beliefstream.models.vqvae.VqVaeModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code beliefstream evaluate ...}: measurements that print their figures and write JSON. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Evaluations that print and write their figures.",
        subcommands = {EvaluateCommand.Nab.class, EvaluateCommand.Ucr.class, EvaluateCommand.Forecast.class, EvaluateCommand.Oscillator.class,
            EvaluateCommand.VqDrift.class})
final class EvaluateCommand {

    static Path requireExists(Path p, String flag) {
        if (!Files.exists(p)) {
            throw new Settings.ConfigException(flag + " " + p + " does not exist");
        }
        return p;
    }

    @Command(name = "nab", mixinStandardHelpOptions = true,
            description = {"Streams every CSV of a NAB-layout directory through BeliefStream's serving path and the "
                    + "peer detectors (windowed Gaussian, Random Cut Forest), writes NAB-format results and scores "
                    + "them with NAB's scoring (three profiles, corpus-wide threshold optimisation, normalisation)."})
    static final class Nab implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Option(names = "--data", required = true, paramLabel = "DIR", description = "NAB data directory (<category>/<file>.csv).")
        Path data;

        @Option(names = "--labels", required = true, paramLabel = "FILE", description = "combined_windows.json.")
        Path labels;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where results are written.")
        Path out;

        @Option(names = "--json", required = true, paramLabel = "FILE", description = "The scores as JSON.")
        Path json;

        @Option(names = "--report", paramLabel = "DIR", description = "Also write a Markdown report with plots.")
        Path report;

        @Override
        public Integer call() {
            requireExists(data, "--data");
            requireExists(labels, "--labels");
            Settings settings = common.settings();
            List<DetectorFactory> detectors = new ArrayList<>(new EngineDetectors(() -> ModelLoader.load(settings))
                    .detectors());
            detectors.addAll(NabEvaluationOptions.peers());
            NabEvaluationResult r = NabEvaluation.run(NabEvaluationOptions.of(data, labels, out, json, report, detectors));
            for (var d : r.detectors()) {
                System.out.printf(Locale.ROOT, "%-30s standard %7.2f  reward_low_FP_rate %7.2f  reward_low_FN_rate %7.2f%n",
                        d.name(), d.score("standard"), d.score("reward_low_FP_rate"), d.score("reward_low_FN_rate"));
            }
            System.out.println("scores written to " + json);
            return 0;
        }
    }

    @Command(name = "ucr", mixinStandardHelpOptions = true,
            description = {"Streams every series of the UCR anomaly archive (labels.csv + data/) through BeliefStream's "
                    + "serving path and the peer detectors (windowed Gaussian, Random Cut Forest), from the first point "
                    + "(the anomaly-free training part as history), and scores the archive's rule: solved when the "
                    + "highest score after train_end lies within 100 points of the anomaly."})
    static final class Ucr implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Option(names = "--data", required = true, paramLabel = "DIR", description = "UCR directory (labels.csv, data/).")
        Path data;

        @Option(names = "--json", required = true, paramLabel = "FILE", description = "The figures as JSON.")
        Path json;

        @Option(names = "--out", paramLabel = "DIR", description = "Also write each detector's per-point scores here.")
        Path out;

        @Option(names = "--series-per-chunk", defaultValue = "" + UcrEvaluationOptions.DEFAULT_SERIES_PER_CHUNK,
                description = "Series read and streamed at once (lock-step in the engine). Default: ${DEFAULT-VALUE}.")
        int seriesPerChunk;

        @Option(names = "--interval-ms", defaultValue = "" + UcrEvaluationOptions.DEFAULT_INTERVAL_MILLIS,
                description = "The clock given to the series, which have none: point i is stamped i times this. "
                        + "Default: ${DEFAULT-VALUE}.")
        long intervalMillis;

        @Option(names = "--detectors", split = ",", paramLabel = "NAME",
                description = "Run only these detectors (default: all; the peers are seeded, so their figures do not "
                        + "change between runs).")
        List<String> only;

        @Override
        public Integer call() {
            requireExists(data, "--data");
            if (seriesPerChunk < 1 || intervalMillis < 1) {
                throw new Settings.ConfigException("--series-per-chunk and --interval-ms must be at least 1");
            }
            Settings settings = common.settings();
            List<DetectorFactory> detectors = new ArrayList<>(new EngineDetectors(() -> ModelLoader.load(settings))
                    .detectors());
            detectors.addAll(UcrEvaluationOptions.peers());
            if (only != null) {
                List<String> known = detectors.stream().map(DetectorFactory::name).toList();
                if (!known.containsAll(only)) {
                    throw new Settings.ConfigException("--detectors " + only + ": known detectors are " + known);
                }
                detectors.removeIf(d -> !only.contains(d.name()));
            }
            UcrEvaluationResult r = UcrEvaluation.run(new UcrEvaluationOptions(data, json, out, detectors,
                    seriesPerChunk, intervalMillis), System.out);
            for (var d : r.detectors()) {
                System.out.printf(Locale.ROOT, "%-30s accuracy %.4f (%d of %d series)  %.1f s%n", d.name(), d.accuracy(),
                        d.solvedCount(), r.series(), d.seconds());
            }
            System.out.println("figures written to " + json);
            return 0;
        }
    }

    @Command(name = "forecast", mixinStandardHelpOptions = true,
            description = {"Rolling-origin forecast evaluation on ETT-style data (split by time 12/4/4 months, "
                    + "standardised with training statistics): MAE, MSE, MASE, 80% interval coverage and width for "
                    + "BeliefStream's TD-VAE (trained on the training split), naive, seasonal naive and RCFCaster."})
    static final class Forecast implements Callable<Integer> {
        @Option(names = "--data", required = true, paramLabel = "CSV", description = "CSV with a date column.")
        Path data;

        @Option(names = "--target", required = true, paramLabel = "COLUMN", description = "Target column, e.g. OT.")
        String target;

        @Option(names = "--horizons", defaultValue = "1,6,24", split = ",", description = "Default: ${DEFAULT-VALUE}.")
        int[] horizons;

        @Option(names = "--json", required = true, paramLabel = "FILE", description = "The figures as JSON.")
        Path json;

        @Option(names = "--report", paramLabel = "DIR", description = "Also write a Markdown report with plots.")
        Path report;

        @Option(names = "--tdvae-bundle", paramLabel = "BUNDLE",
                description = "Use this TD-VAE bundle instead of training one on the training split.")
        Path bundle;

        @Option(names = "--seed", defaultValue = "1", description = "Training seed. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Override
        public Integer call() throws Exception {
            requireExists(data, "--data");
            List<ForecasterFactory> forecasters = new ArrayList<>(ForecastEvaluationOptions.peers());
            ForecastEvaluationOptions options = ForecastEvaluationOptions.of(data, target, json, report, forecasters)
                    .withHorizons(horizons);
            TdVaeModel model = bundle != null
                    ? TdVaeModel.load(requireExists(bundle, "--tdvae-bundle"), horizons, 0.8)
                    : ForecastTraining.trainOnTrainingSplit(options, horizons, seed, System.out);
            forecasters.add(0, SequenceModelForecaster.factory("beliefstream-tdvae", model));
            var r = ForecastEvaluation.run(ForecastEvaluationOptions.of(data, target, json, report, forecasters)
                    .withHorizons(horizons));
            for (var f : r.forecasters()) {
                for (var m : f.horizons()) {
                    System.out.printf(Locale.ROOT, "%-20s h=%-3d MAE %.4f MSE %.4f MASE %.3f coverage %.3f width %.3f%n",
                            f.name(), m.horizon(), m.mae(), m.mse(), m.mase(), m.coverage(), m.meanWidth());
                }
            }
            System.out.println("figures written to " + json);
            return 0;
        }
    }

    @Command(name = "oscillator", mixinStandardHelpOptions = true,
            description = {"Trains a TD-VAE on the paper's noisy harmonic oscillator and reports, on held-out "
                    + "sequences, the MSE of jumpy forecasts against the naive last value and the same model rolled "
                    + "forward one step at a time, with the time per forecast of each."})
    static final class Oscillator implements Callable<Integer> {
        @Option(names = "--json", required = true, paramLabel = "FILE", description = "The figures as JSON.")
        Path json;

        @Override
        public Integer call() throws Exception {
            OscillatorEvaluation.Result r = OscillatorEvaluation.run(OscillatorEvaluation.Options.defaults(), System.out);
            r.writeJson(json);
            System.out.println("figures written to " + json);
            return 0;
        }
    }

    @Command(name = "vq-drift", mixinStandardHelpOptions = true,
            description = {"A stream whose regime changes (several signal shapes in turn, then one the offline "
                    + "training never saw): reconstruction error per phase with the online EMA codebook and with it "
                    + "frozen, live codes and perplexity over time."})
    static final class VqDrift implements Callable<Integer> {
        @Option(names = "--json", required = true, paramLabel = "FILE", description = "The figures as JSON.")
        Path json;

        @Override
        public Integer call() throws Exception {
            VqDriftResult r = VqVaeCommands.evaluateDrift(VqVaeModel.loadDefault(), VqDriftOptions.defaults(),
                    System.out);
            r.writeJson(json);
            System.out.println("figures written to " + json);
            return 0;
        }
    }
}
