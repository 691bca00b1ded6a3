package io.beliefstream.app;

import io.beliefstream.eval.detect.DetectorFactory;
import io.beliefstream.eval.forecast.ForecastEvaluation;
import io.beliefstream.eval.forecast.ForecastEvaluationOptions;
import io.beliefstream.eval.forecast.ForecasterFactory;
import io.beliefstream.eval.forecast.LsfEvaluation;
import io.beliefstream.eval.forecast.LsfOptions;
import io.beliefstream.eval.forecast.LsfResult;
import io.beliefstream.eval.m4.M4Evaluation;
import io.beliefstream.eval.m4.M4Options;
import io.beliefstream.eval.m4.M4Result;
import io.beliefstream.eval.mv.MvData;
import io.beliefstream.eval.mv.MvDetectors;
import io.beliefstream.eval.mv.MvEvaluation;
import io.beliefstream.eval.mv.MvStream;
import io.beliefstream.eval.nab.NabEvaluation;
import io.beliefstream.eval.nab.NabEvaluationOptions;
import io.beliefstream.eval.nab.NabEvaluationResult;
import io.beliefstream.eval.ucr.UcrEvaluation;
import io.beliefstream.eval.ucr.UcrEvaluationOptions;
import io.beliefstream.eval.ucr.UcrEvaluationResult;
import io.beliefstream.models.tdvae.OscillatorEvaluation;
import io.beliefstream.models.vqvae.VqDriftOptions;
import io.beliefstream.models.vqvae.VqDriftResult;
import io.beliefstream.models.vqvae.VqVaeCommands;
import io.beliefstream.models.vqvae.VqVaeModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code beliefstream evaluate ...}: measurements that print their figures and write JSON. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Evaluations that print and write their figures.",
        subcommands = {EvaluateCommand.Nab.class, EvaluateCommand.Ucr.class, EvaluateCommand.Forecast.class,
            EvaluateCommand.M4.class, EvaluateCommand.Oscillator.class, EvaluateCommand.VqDrift.class,
            EvaluateCommand.Smd.class, EvaluateCommand.Nasa.class})
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
            description = {"Forecast evaluation on ETT-style data, standardised with training statistics.",
                "--protocol rolling (default): split by time 12/4/4 months; every test row a target at each "
                    + "horizon; MAE, MSE, MASE, 80%% interval coverage and width for BeliefStream's TD-VAE (trained "
                    + "on the training split), naive, seasonal naive and RCFCaster.",
                "--protocol lsf: the long-sequence-forecasting protocol (Informer, Autoformer, LTSF-Linear, "
                    + "PatchTST): 8,640/2,880/2,880 rows for hourly files, 34,560/11,520/11,520 for 15-minute ones; "
                    + "every stride-1 test window of each length H in --horizons (default 24,96); MSE and MAE over "
                    + "steps 1..H, 80%% interval coverage and width, and per-horizon figures; peers naive, seasonal "
                    + "naive, RCFCaster and NLinear."})
    static final class Forecast implements Callable<Integer> {
        @Option(names = "--data", required = true, paramLabel = "CSV", description = "CSV with a date column.")
        Path data;

        @Option(names = "--target", defaultValue = "OT", paramLabel = "COLUMN",
                description = "Target column. Default: ${DEFAULT-VALUE}.")
        String target;

        @Option(names = "--protocol", defaultValue = "rolling", paramLabel = "rolling|lsf",
                description = "Evaluation protocol. Default: ${DEFAULT-VALUE}.")
        String protocol;

        @Option(names = "--horizons", split = ",", paramLabel = "H,...",
                description = "Horizons (rolling; default 1,6,24) or window lengths (lsf; default 24,96).")
        int[] horizons;

        @Option(names = "--forecasters", split = ",", paramLabel = "NAME,...",
                description = "Which forecasters to run, by result name (default: all of the protocol's: "
                        + TdVaeForecasterFactory.NAME + " and the peers).")
        List<String> only;

        @Option(names = "--json", required = true, paramLabel = "FILE", description = "The figures as JSON.")
        Path json;

        @Option(names = "--report", paramLabel = "DIR",
                description = "Also write a Markdown report with plots (rolling protocol).")
        Path report;

        @Mixin
        TdVaeOptions tdvae;

        @Override
        public Integer call() throws Exception {
            requireExists(data, "--data");
            boolean lsf = switch (protocol) {
                case "rolling" -> false;
                case "lsf" -> true;
                default -> throw new Settings.ConfigException("--protocol must be rolling or lsf, got '" + protocol
                        + "'");
            };
            List<ForecasterFactory> all = new ArrayList<>();
            all.add(tdvae.factory());
            all.addAll(lsf ? LsfOptions.peers() : ForecastEvaluationOptions.peers());
            List<ForecasterFactory> forecasters = select(all, only);
            if (lsf) {
                int[] windows = horizons != null ? horizons : LsfOptions.DEFAULT_WINDOWS;
                LsfResult r = LsfEvaluation.run(LsfOptions.of(data, target, windows, json, forecasters));
                System.out.printf(Locale.ROOT, "%s, %s: train %d, validation %d, test %d rows; %d rows a day%n",
                        data.getFileName(), target, r.trainRows(), r.validationRows(), r.testRows(),
                        r.seasonalPeriod());
                for (var f : r.forecasters()) {
                    for (var m : f.windows()) {
                        System.out.printf(Locale.ROOT, "%-20s H=%-3d windows %5d  MSE %.4f  MAE %.4f  coverage %.3f"
                                + "  width %.3f%n", f.name(), m.steps(), m.n(), m.mse(), m.mae(), m.coverage(),
                                m.width());
                    }
                    for (var m : f.horizons()) {
                        System.out.printf(Locale.ROOT, "%-20s h=%-3d targets %5d  MSE %.4f  MAE %.4f  coverage %.3f"
                                + "  width %.3f%n", f.name(), m.steps(), m.n(), m.mse(), m.mae(), m.coverage(),
                                m.width());
                    }
                    System.out.printf(Locale.ROOT, "%-20s %.1f s%n", f.name(), f.seconds());
                }
            } else {
                ForecastEvaluationOptions options = ForecastEvaluationOptions.of(data, target, json, report,
                        forecasters).withHorizons(horizons != null ? horizons : ForecastEvaluationOptions.DEFAULT_HORIZONS);
                var r = ForecastEvaluation.run(options);
                for (var f : r.forecasters()) {
                    for (var m : f.horizons()) {
                        System.out.printf(Locale.ROOT, "%-20s h=%-3d MAE %.4f MSE %.4f MASE %.3f coverage %.3f "
                                + "width %.3f%n", f.name(), m.horizon(), m.mae(), m.mse(), m.mase(), m.coverage(),
                                m.meanWidth());
                    }
                }
            }
            System.out.println("figures written to " + json);
            return 0;
        }
    }

    /** The TD-VAE's options in the forecasting harnesses. */
    static final class TdVaeOptions {
        @Option(names = "--tdvae-bundle", paramLabel = "BUNDLE",
                description = "Serve this TD-VAE bundle instead of training one on the training split(s).")
        Path bundle;

        @Option(names = "--seed", defaultValue = "1", description = "Training seed. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Option(names = "--tdvae-save", paramLabel = "BUNDLE",
                description = "Also save the TD-VAE the run serves (trained weights, scaling and anchor weights) as "
                        + "a bundle that --tdvae-bundle and serve --set model.tdvae-bundle=BUNDLE load.")
        Path save;

        /** The TD-VAE's factory, printing its training to standard output. */
        TdVaeForecasterFactory factory() {
            if (bundle != null) {
                requireExists(bundle, "--tdvae-bundle");
            }
            return new TdVaeForecasterFactory(bundle, seed, System.out, save);
        }
    }

    /** The factories named in {@code only} (all when {@code null}), in their given order; unknown names refused. */
    static List<ForecasterFactory> select(List<ForecasterFactory> all, List<String> only) {
        if (only == null) {
            return all;
        }
        List<ForecasterFactory> out = new ArrayList<>();
        for (String name : only) {
            ForecasterFactory f = all.stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> new Settings.ConfigException("--forecasters: unknown forecaster '" + name
                            + "'; known: " + all.stream().map(ForecasterFactory::name).toList()));
            if (!out.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }

    @Command(name = "m4", mixinStandardHelpOptions = true,
            description = {"M4 competition, hourly: every series a stream, forecasts of the next 48 values with 95%% "
                    + "intervals, scored with the official sMAPE, MASE (period 24), OWA against Naive2 and MSIS, "
                    + "and the intervals' coverage; peers Naive2, sNaive and Theta. Without --test the last 48 "
                    + "values of each training series are the test."})
    static final class M4 implements Callable<Integer> {
        @Option(names = "--train", required = true, paramLabel = "FILE", description = "Hourly-train.csv.")
        Path train;

        @Option(names = "--test", paramLabel = "FILE", description = "Hourly-test.csv (optional).")
        Path test;

        @Option(names = "--json", required = true, paramLabel = "FILE", description = "The figures as JSON.")
        Path json;

        @Option(names = "--forecasters", split = ",", paramLabel = "NAME,...",
                description = "Which forecasters to run, by result name (default: "
                        + TdVaeForecasterFactory.NAME + " and the peers).")
        List<String> only;

        @Mixin
        TdVaeOptions tdvae;

        @Override
        public Integer call() {
            requireExists(train, "--train");
            if (test != null) {
                requireExists(test, "--test");
            }
            List<ForecasterFactory> all = new ArrayList<>();
            all.add(tdvae.factory());
            all.addAll(M4Options.peers());
            M4Result r = M4Evaluation.run(M4Options.of(train, test, json, select(all, only)));
            System.out.printf(Locale.ROOT, "%d series, test: %s%n", r.series(),
                    r.holdout() ? "last 48 values of each training series" : test);
            for (var f : r.forecasters()) {
                System.out.printf(Locale.ROOT, "%-20s sMAPE %7.3f  MASE %6.3f  OWA %6.3f  MSIS %7.3f  coverage %.3f"
                        + "  (%.1f s)%n", f.name(), f.smape(), f.mase(), f.owa(), f.msis(), f.coverage(), f.seconds());
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

    static int multivariate(String corpus, List<MvStream> streams, Settings settings, boolean peersOnly, Path json,
            Path out) {
        long rows = streams.stream().mapToLong(s -> s.train().length + s.test().length).sum();
        System.out.printf(Locale.ROOT, "%s: %d streams, %d rows (train + test)%n", corpus, streams.size(), rows);
        List<io.beliefstream.eval.mv.MvDetector.Factory> detectors = new ArrayList<>();
        if (!peersOnly) {
            detectors.add(EngineMvDetector.factory(dims -> ModelLoader.load(settings, dims)));
        }
        detectors.addAll(MvDetectors.peers());
        MvEvaluation.run(corpus, streams, detectors, peersOnly ? Map.of("beliefstream", "--peers-only") : Map.of(),
                json, out, System.out);
        System.out.println("figures written to " + json);
        return 0;
    }

    @Command(name = "smd", mixinStandardHelpOptions = true,
            description = {"Server Machine Dataset (OmniAnomaly layout: train/, test/, test_label/, "
                    + "interpretation_label/): each machine one stream, train streamed first as history, test scored; "
                    + "event-wise precision, recall, F1 without point adjustment at a corpus-wide best threshold, "
                    + "AUC-PR over rows, HitRate@100%% and @150%% of the blamed dimensions; peers RCF and windowed "
                    + "Gaussian per dimension."})
    static final class Smd implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Option(names = "--peers-only", description = "Leave the BeliefStream detector out (the peers alone).")
        boolean peersOnly;

        @Option(names = "--data", required = true, paramLabel = "DIR", description = "SMD directory.")
        Path data;

        @Option(names = "--json", required = true, paramLabel = "FILE", description = "The figures as JSON.")
        Path json;

        @Option(names = "--out", paramLabel = "DIR", description = "Also write test scores per detector and machine.")
        Path out;

        @Override
        public Integer call() {
            requireExists(data.resolve("test"), "--data");
            return multivariate("smd", MvData.smd(data), common.settings(), peersOnly, json, out);
        }
    }

    @Command(name = "nasa", mixinStandardHelpOptions = true,
            description = {"NASA telemetry (TranAD layout: labeled_anomalies.csv, <spacecraft>/train, "
                    + "<spacecraft>/test): each channel one stream (telemetry + one-hot command flags), train "
                    + "streamed first as history, test scored; event-wise precision, recall, F1 without point "
                    + "adjustment at a corpus-wide best threshold, AUC-PR over rows; peers RCF and windowed Gaussian "
                    + "per dimension."})
    static final class Nasa implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Option(names = "--peers-only", description = "Leave the BeliefStream detector out (the peers alone).")
        boolean peersOnly;

        @Option(names = "--data", required = true, paramLabel = "DIR", description = "NASA directory.")
        Path data;

        @Option(names = "--spacecraft", defaultValue = "MSL", description = "Default: ${DEFAULT-VALUE}.")
        String spacecraft;

        @Option(names = "--json", required = true, paramLabel = "FILE", description = "The figures as JSON.")
        Path json;

        @Option(names = "--out", paramLabel = "DIR", description = "Also write test scores per detector and channel.")
        Path out;

        @Override
        public Integer call() {
            requireExists(data.resolve("labeled_anomalies.csv"), "--data");
            requireExists(data.resolve(spacecraft), "--data");
            return multivariate("nasa-" + spacecraft, MvData.nasa(data, spacecraft), common.settings(), peersOnly, json,
                    out);
        }
    }
}
