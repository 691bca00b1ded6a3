package io.beliefstream.models.vqvae;

import io.beliefstream.models.CodebookStats;
import io.beliefstream.models.ModelException;
import io.beliefstream.models.StreamState;
import io.beliefstream.models.WindowResult;
import io.beliefstream.models.vqvae.internal.CsvSeries;
import io.beliefstream.models.vqvae.internal.VqVaeKernel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Plain-Java entry points behind {@code beliefstream train vqvae ...} and {@code beliefstream evaluate vq-drift};
 * the command line (in the {@code app} module) maps its flags onto the option records here. No parsing happens in
 * this class.
 */
public final class VqVaeCommands {
    private VqVaeCommands() {}

    /**
     * Options of {@code train vqvae} from CSV files.
     *
     * @param inputs CSV files or directories (walked for {@code *.csv}); each file is one series
     * @param output where the bundle is written
     * @param valueColumn name of the value column (default {@value #DEFAULT_VALUE_COLUMN}; a two-column file
     *     without it uses its second column)
     * @param stride keep every {@code stride}-th window of each series (default {@value #DEFAULT_STRIDE})
     * @param model architecture ({@link VqVaeConfig#defaults()})
     * @param training optimisation settings ({@link VqVaeTrainingConfig#defaults()})
     */
    public record TrainOptions(List<Path> inputs, Path output, String valueColumn, int stride, VqVaeConfig model,
            VqVaeTrainingConfig training) {
        /** Default value column. */
        public static final String DEFAULT_VALUE_COLUMN = "value";
        /** Default window stride. */
        public static final int DEFAULT_STRIDE = 1;

        public TrainOptions {
            inputs = CsvSeries.checkTrainingInput(inputs, output, valueColumn, stride);
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(training, "training");
        }

        /** Defaults for everything but the inputs and output. */
        public static TrainOptions of(List<Path> inputs, Path output) {
            return new TrainOptions(inputs, output, DEFAULT_VALUE_COLUMN, DEFAULT_STRIDE, VqVaeConfig.defaults(),
                    VqVaeTrainingConfig.defaults());
        }
    }

    /** Default value-column name, for {@link TrainOptions}. */
    public static final String DEFAULT_VALUE_COLUMN = TrainOptions.DEFAULT_VALUE_COLUMN;
    /** Default stride, for {@link TrainOptions}. */
    public static final int DEFAULT_STRIDE = TrainOptions.DEFAULT_STRIDE;

    /**
     * Options of training the default bundle on synthetic signals ({@link RegimeSignals#trainingCorpus}).
     *
     * @param output where the bundle is written
     * @param seriesPerShape series per training shape (default {@value #DEFAULT_SERIES_PER_SHAPE})
     * @param genericSeries generic series ({@link RegimeSignals#genericCorpus}; default
     *     {@value #DEFAULT_GENERIC_SERIES})
     * @param length observations per series (default {@value #DEFAULT_LENGTH})
     * @param stride window stride (default {@value #DEFAULT_DEFAULT_STRIDE})
     * @param dataSeed seed of the shape corpus (default {@value #DEFAULT_DATA_SEED})
     * @param genericSeed seed of the generic corpus (default {@value #DEFAULT_GENERIC_SEED})
     * @param model architecture
     * @param training optimisation settings
     */
    public record DefaultOptions(Path output, int seriesPerShape, int genericSeries, int length, int stride,
            long dataSeed, long genericSeed, VqVaeConfig model, VqVaeTrainingConfig training) {
        public DefaultOptions {
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(training, "training");
            if (seriesPerShape < 1) {
                throw new IllegalArgumentException("seriesPerShape must be at least 1, got " + seriesPerShape);
            }
            if (genericSeries < 0) {
                throw new IllegalArgumentException("genericSeries must be non-negative, got " + genericSeries);
            }
            if (length < 2 * model.window()) {
                throw new IllegalArgumentException("length must be at least twice the window, got " + length);
            }
            if (stride < 1) {
                throw new IllegalArgumentException("stride must be at least 1, got " + stride);
            }
        }

        /** The settings the shipped default bundle was trained with. */
        public static DefaultOptions of(Path output) {
            return new DefaultOptions(output, DEFAULT_SERIES_PER_SHAPE, DEFAULT_GENERIC_SERIES, DEFAULT_LENGTH,
                    DEFAULT_DEFAULT_STRIDE, DEFAULT_DATA_SEED, DEFAULT_GENERIC_SEED, VqVaeConfig.defaults(),
                    VqVaeTrainingConfig.defaults());
        }
    }

    /** Default series per shape of the default corpus. */
    public static final int DEFAULT_SERIES_PER_SHAPE = 24;
    /** Default number of generic series in the default corpus. */
    public static final int DEFAULT_GENERIC_SERIES = 96;
    /** Default seed of the generic series. */
    public static final long DEFAULT_GENERIC_SEED = 99L;
    /** Default series length of the default corpus. */
    public static final int DEFAULT_LENGTH = 1200;
    /** Default window stride of the default corpus. */
    public static final int DEFAULT_DEFAULT_STRIDE = 4;
    /** Default seed of the default corpus. */
    public static final long DEFAULT_DATA_SEED = 20261121L;

    /** {@code train vqvae} on CSV files: trains, saves the bundle, prints progress and per-epoch losses. */
    public static VqVaeTrainingResult train(TrainOptions options, PrintStream progress) throws IOException {
        List<Path> files = CsvSeries.expand(options.inputs());
        if (files.isEmpty()) {
            throw new ModelException("no CSV files under " + options.inputs());
        }
        List<float[]> parts = new ArrayList<>();
        for (Path f : files) {
            float[] series = CsvSeries.read(f, options.valueColumn());
            parts.add(VqVaeTrainer.windowsOf(series, options.model(), options.stride()));
            if (progress != null) {
                progress.printf("read %s: %d observations%n", f, series.length);
            }
        }
        VqVaeTrainingResult r = new VqVaeTrainer(options.model(), options.training())
                .train(VqVaeTrainer.concat(parts), progress, files.size() + " CSV files");
        r.model().save(options.output());
        if (progress != null) {
            progress.printf("wrote %s (%s)%n", options.output(), r.model().info().version());
        }
        return r;
    }

    /** Trains the default bundle on synthetic signals and saves it. */
    public static VqVaeTrainingResult trainDefault(DefaultOptions options, PrintStream progress) throws IOException {
        List<float[]> parts = new ArrayList<>();
        for (float[] s : RegimeSignals.trainingCorpus(options.seriesPerShape(), options.length(), options.dataSeed())) {
            parts.add(VqVaeTrainer.windowsOf(s, options.model(), options.stride()));
        }
        for (float[] s : RegimeSignals.genericCorpus(options.genericSeries(), options.length(), options.genericSeed())) {
            parts.add(VqVaeTrainer.windowsOf(s, options.model(), options.stride()));
        }
        String data = "synthetic " + RegimeSignals.TRAINING_SHAPES + ", " + options.seriesPerShape() + " series × "
                + options.length() + " per shape (seed " + options.dataSeed() + ") + " + options.genericSeries()
                + " generic series (seed " + options.genericSeed() + "), stride " + options.stride();
        VqVaeTrainingResult r = new VqVaeTrainer(options.model(), options.training())
                .train(VqVaeTrainer.concat(parts), progress, data);
        r.model().save(options.output());
        if (progress != null) {
            progress.printf("wrote %s (%s)%n", options.output(), r.model().info().version());
        }
        return r;
    }

    /**
     * {@code evaluate vq-drift}: {@link VqDriftOptions#streams()} streams run through the regimes in turn; two copies
     * of {@code model} with their own codebooks score them, one learning online (the engine's call sequence: score
     * then {@code codebook.update} once per step), one frozen. Reports per-phase reconstruction error for both and
     * the online codebook's live codes and perplexity over time.
     */
    public static VqDriftResult evaluateDrift(VqVaeModel model, VqDriftOptions options, PrintStream progress) {
        VqVaeModel online = model.withOwnCodebook();
        online.codebook().setFrozen(false);
        VqVaeModel frozen = model.withOwnCodebook();
        frozen.codebook().setFrozen(true);
        int b = options.streams();
        VqVaeKernel ko = online.newKernel(b);
        VqVaeKernel kf = frozen.newKernel(b);
        WindowResult ro = WindowResult.forScorer(online.info(), b);
        WindowResult rf = WindowResult.forScorer(frozen.info(), b);
        StreamState[] so = new StreamState[b];
        StreamState[] sf = new StreamState[b];
        List<RegimeSignals.Regime> regimes = new ArrayList<>();
        for (RegimeSignals.Shape s : options.phases()) {
            // amplitude 1/RMS: every phase has unit signal power, so the same noise means the same signal-to-noise ratio
            regimes.add(new RegimeSignals.Regime(s, options.period(), 1.0 / s.rms(), 0.0, options.noise()));
        }
        RegimeSignals.RegimeStream[] streams = new RegimeSignals.RegimeStream[b];
        for (int i = 0; i < b; i++) {
            so[i] = online.newState();
            sf[i] = frozen.newState();
            streams[i] = new RegimeSignals.RegimeStream(regimes, options.phaseLength(), options.seed() + 7919L * i);
        }
        int phases = regimes.size();
        double[] sumO = new double[phases];
        double[] sumF = new double[phases];
        long[] count = new long[phases];
        int settleStart = (int) Math.round(options.phaseLength() * (1 - options.settleFraction()));
        int total = phases * options.phaseLength();
        List<Integer> live = new ArrayList<>();
        List<Double> perplexity = new ArrayList<>();
        float[] x = new float[b];
        for (int t = 0; t < total; t++) {
            int phase = t / options.phaseLength();
            for (int i = 0; i < b; i++) {
                x[i] = streams[i].next();
            }
            ko.score(so, x, b, ro);
            online.codebook().update(ro);
            kf.score(sf, x, b, rf);
            frozen.codebook().update(rf); // a no-op: frozen
            if (t % options.phaseLength() >= settleStart) {
                for (int i = 0; i < b; i++) {
                    if (ro.code[i] >= 0 && rf.code[i] >= 0) {
                        sumO[phase] += ro.error[i];
                        sumF[phase] += rf.error[i];
                        count[phase]++;
                    }
                }
            }
            if ((t + 1) % options.sampleEvery() == 0) {
                CodebookStats st = online.codebook().stats();
                live.add(st.liveCodes());
                perplexity.add(st.perplexity());
            }
        }
        List<String> names = new ArrayList<>();
        double[] eo = new double[phases];
        double[] ef = new double[phases];
        for (int p = 0; p < phases; p++) {
            names.add(options.phases().get(p).label()
                    + (RegimeSignals.TRAINING_SHAPES.contains(options.phases().get(p)) ? "" : " (unseen)"));
            eo[p] = sumO[p] / Math.max(1, count[p]);
            ef[p] = sumF[p] / Math.max(1, count[p]);
            if (progress != null) {
                progress.printf("phase %-18s recon error online %.5f  frozen %.5f%n", names.get(p), eo[p], ef[p]);
            }
        }
        VqDriftResult r = new VqDriftResult(names, eo, ef, live.stream().mapToInt(Integer::intValue).toArray(),
                perplexity.stream().mapToDouble(Double::doubleValue).toArray());
        if (progress != null) {
            CodebookStats st = online.codebook().stats();
            progress.printf("online/previous %.3f (target <= 1.5), frozen/previous %.3f (target >= 3); "
                    + "restarts %d, live %d/%d, perplexity %.1f%n", r.onlineRecoveryRatio(), r.frozenRatio(),
                    st.restarts(), st.liveCodes(), st.size(), st.perplexity());
        }
        return r;
    }

    /**
     * Minimal launcher for building the shipped bundle and for quick runs by hand (the real command line lives in
     * {@code app}): {@code train-default <bundle>} or {@code vq-drift <json> [bundle]}.
     */
    public static void main(String[] args) throws IOException {
        if (args.length >= 2 && args[0].equals("train-default")) {
            trainDefault(DefaultOptions.of(Path.of(args[1])), System.out);
        } else if (args.length >= 2 && args[0].equals("vq-drift")) {
            VqVaeModel m = args.length >= 3 ? VqVaeModel.load(Path.of(args[2])) : VqVaeModel.loadDefault();
            VqDriftResult r = evaluateDrift(m, VqDriftOptions.defaults(), System.out);
            r.writeJson(Path.of(args[1]));
        } else {
            System.err.println("usage: VqVaeCommands train-default <bundle> | vq-drift <json> [bundle]");
            System.exit(2);
        }
    }
}
