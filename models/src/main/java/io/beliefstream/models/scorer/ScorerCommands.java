package io.beliefstream.models.scorer;

import io.beliefstream.models.ModelException;
import io.beliefstream.models.vqvae.RegimeSignals;
import io.beliefstream.models.vqvae.VqVaeTrainer;
import io.beliefstream.models.vqvae.VqVaeTrainingConfig;
import io.beliefstream.models.vqvae.internal.CsvSeries;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Plain-Java entry points behind {@code beliefstream train scorer --kind KIND ...}; the command line (in the
 * {@code app} module) maps its flags onto the option records here.
 */
public final class ScorerCommands {
    private ScorerCommands() {}

    /** Series per training shape of the default corpus ({@link RegimeSignals#trainingCorpus}). */
    public static final int DEFAULT_SERIES_PER_SHAPE = 8;
    /** Generic series of the default corpus ({@link RegimeSignals#genericCorpus}). */
    public static final int DEFAULT_GENERIC_SERIES = 32;
    /** Observations per series of the default corpus. */
    public static final int DEFAULT_LENGTH = 1200;
    /** Window stride of the default corpus. */
    public static final int DEFAULT_DEFAULT_STRIDE = 4;
    /** Seed of the default corpus's shapes (the VQ-VAE's). */
    public static final long DEFAULT_DATA_SEED = 20261121L;
    /** Seed of the default corpus's generic series (the VQ-VAE's). */
    public static final long DEFAULT_GENERIC_SEED = 99L;
    /** Epochs of a default bundle: a few seconds of training on two cores. */
    public static final int DEFAULT_EPOCHS = 6;

    /**
     * Options of {@code train scorer} from CSV files.
     *
     * @param inputs CSV files or directories (walked for {@code *.csv}); each file is one series
     * @param output where the bundle is written
     * @param valueColumn name of the value column (a two-column file without it uses its second column)
     * @param stride keep every {@code stride}-th window of each series
     * @param model architecture ({@link ScorerConfig#defaults})
     * @param training optimisation settings
     */
    public record TrainOptions(List<Path> inputs, Path output, String valueColumn, int stride, ScorerConfig model,
            VqVaeTrainingConfig training) {
        public TrainOptions {
            inputs = CsvSeries.checkTrainingInput(inputs, output, valueColumn, stride);
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(training, "training");
        }

        /** Defaults of {@code kind} for everything but the inputs and output. */
        public static TrainOptions of(ScorerKind kind, List<Path> inputs, Path output) {
            return new TrainOptions(inputs, output, "value", 1, ScorerConfig.defaults(kind), defaultTraining());
        }
    }

    /** The optimisation settings of the default bundles: the VQ-VAE's defaults with {@value #DEFAULT_EPOCHS} epochs. */
    public static VqVaeTrainingConfig defaultTraining() {
        VqVaeTrainingConfig d = VqVaeTrainingConfig.defaults();
        return new VqVaeTrainingConfig(DEFAULT_EPOCHS, d.batchSize(), d.learningRate(), d.seed());
    }

    /** {@code train scorer --data ...}: trains on CSV series, saves the bundle, prints per-epoch losses. */
    public static ScorerTrainingResult train(TrainOptions options, PrintStream progress) throws IOException {
        List<Path> files = CsvSeries.expand(options.inputs());
        if (files.isEmpty()) {
            throw new ModelException("no CSV files under " + options.inputs());
        }
        ScorerConfig c = options.model();
        List<float[]> parts = new ArrayList<>();
        for (Path f : files) {
            float[] series = CsvSeries.read(f, options.valueColumn());
            parts.add(VqVaeTrainer.windowsOf(series, c.window(), c.normalisationWindow(), c.clip(), options.stride()));
            if (progress != null) {
                progress.printf("read %s: %d observations%n", f, series.length);
            }
        }
        return trainAndSave(c, options.training(), VqVaeTrainer.concat(parts), files.size() + " CSV files",
                options.output(), progress);
    }

    /** {@code train scorer --synthetic-default}: the default bundle of {@code kind} from the synthetic corpus. */
    public static ScorerTrainingResult trainDefault(ScorerKind kind, Path output, PrintStream progress)
            throws IOException {
        ScorerConfig c = ScorerConfig.defaults(kind);
        List<float[]> parts = new ArrayList<>();
        List<float[]> series = new ArrayList<>(RegimeSignals.trainingCorpus(DEFAULT_SERIES_PER_SHAPE, DEFAULT_LENGTH,
                DEFAULT_DATA_SEED));
        series.addAll(RegimeSignals.genericCorpus(DEFAULT_GENERIC_SERIES, DEFAULT_LENGTH, DEFAULT_GENERIC_SEED));
        for (float[] s : series) {
            parts.add(VqVaeTrainer.windowsOf(s, c.window(), c.normalisationWindow(), c.clip(), DEFAULT_DEFAULT_STRIDE));
        }
        String data = "synthetic " + RegimeSignals.TRAINING_SHAPES + ", " + DEFAULT_SERIES_PER_SHAPE + " series × "
                + DEFAULT_LENGTH + " per shape (seed " + DEFAULT_DATA_SEED + ") + " + DEFAULT_GENERIC_SERIES
                + " generic series (seed " + DEFAULT_GENERIC_SEED + "), stride " + DEFAULT_DEFAULT_STRIDE;
        return trainAndSave(c, defaultTraining(), VqVaeTrainer.concat(parts), data, output, progress);
    }

    private static ScorerTrainingResult trainAndSave(ScorerConfig c, VqVaeTrainingConfig t, float[] windows,
            String data, Path output, PrintStream progress) throws IOException {
        ScorerTrainingResult r = new ScorerTrainer(c, t).train(windows, progress, data);
        r.model().save(output);
        if (progress != null) {
            progress.printf("wrote %s (%s)%n", output, r.model().info().version());
        }
        return r;
    }

    /**
     * Minimal launcher for building the shipped bundles by hand (the real command line lives in {@code app}):
     * {@code train-default KIND BUNDLE}, or {@code train-default all DIR} for every kind into
     * {@code DIR/default-KIND.bsb}.
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 3 && args[0].equals("train-default")) {
            if (args[1].equals("all")) {
                for (ScorerKind k : ScorerKind.values()) {
                    trainDefault(k, Path.of(args[2]).resolve("default-" + k.label() + ".bsb"), System.out);
                }
            } else {
                trainDefault(ScorerKind.of(args[1]), Path.of(args[2]), System.out);
            }
        } else {
            System.err.println("usage: ScorerCommands train-default KIND|all BUNDLE|DIR");
            System.exit(2);
        }
    }
}
