package io.beliefstream.models.tdvae;

import io.beliefstream.models.data.CsvSeriesLoader;
import io.beliefstream.models.synthetic.SyntheticMixture;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Plain Java entry points behind the command line ({@code app} maps flags onto the option records):
 *
 * <ul>
 *   <li>{@link #trainCsv}: {@code beliefstream train tdvae --data <csv file or directory> --out <bundle>};
 *   <li>{@link #trainDefaultBundle}: trains the default bundle on {@link SyntheticMixture};
 *   <li>{@link OscillatorEvaluation#run}: {@code beliefstream evaluate oscillator --json <file>}.
 * </ul>
 */
public final class TdVaeCommands {
    private TdVaeCommands() {}

    /**
     * Options of {@code train tdvae}.
     *
     * @param data CSV files or directories (each file is one sequence)
     * @param out bundle file to write
     * @param csv columns and delimiter ({@link CsvSeriesLoader#defaults()}: {@code timestamp,value})
     * @param model network sizes; {@code inputDim} is replaced by the number of value columns
     * @param training training options (epochs, window, batch, seed, ...)
     */
    public record TrainCsvOptions(List<Path> data, Path out, CsvSeriesLoader csv, TdVaeConfig model,
            TdVaeTrainingConfig training) {
        public TrainCsvOptions {
            if (data == null || data.isEmpty()) {
                throw new IllegalArgumentException("data must name at least one CSV file or directory");
            }
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(csv, "csv");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(training, "training");
            data = List.copyOf(data);
        }

        /** Default columns, sizes ({@link TdVaeConfig#defaults()}) and training ({@link TdVaeTrainingConfig#defaults()}). */
        public static TrainCsvOptions defaults(List<Path> data, Path out) {
            return new TrainCsvOptions(data, out, CsvSeriesLoader.defaults(), TdVaeConfig.defaults(),
                    TdVaeTrainingConfig.defaults());
        }
    }

    /** Trains on CSV data and writes the bundle; returns the training result. */
    public static TdVaeTrainer.Result trainCsv(TrainCsvOptions o, PrintStream progress) throws IOException {
        List<CsvSeriesLoader.Series> series = o.csv().load(o.data());
        List<float[][]> sequences = new ArrayList<>();
        for (CsvSeriesLoader.Series s : series) {
            sequences.add(s.values());
        }
        TdVaeConfig m = o.model();
        TdVaeConfig model = new TdVaeConfig(o.csv().valueColumns().size(), m.beliefSize(), m.latentSize(),
                m.latentLayers(), m.hiddenSize(), m.decoderHidden(), m.transition());
        if (progress != null) {
            progress.printf("loaded %d sequence(s) from %s%n", sequences.size(), o.data());
        }
        TdVaeTrainer.Result r = TdVaeTrainer.train(model, o.training(), sequences, progress,
                "csv " + o.data() + " columns " + o.csv().valueColumns());
        r.model().save(o.out());
        if (progress != null) {
            progress.printf("wrote %s (best epoch %d)%n", o.out(), r.bestEpoch());
        }
        return r;
    }

    /**
     * Options of the default bundle's training run.
     *
     * @param out bundle file to write
     * @param mixture the synthetic data recipe
     * @param sequences number of synthetic sequences
     * @param length observations per sequence
     * @param dataSeed seed of the synthetic data
     * @param model network sizes
     * @param training training options (normalisation should be PER_SEQUENCE: served streams have any scale)
     */
    public record DefaultBundleOptions(Path out, SyntheticMixture mixture, int sequences, int length, long dataSeed,
            TdVaeConfig model, TdVaeTrainingConfig training) {
        public static final int DEFAULT_SEQUENCES = 400;
        public static final int DEFAULT_LENGTH = 300;
        public static final long DEFAULT_DATA_SEED = 2026L;

        public DefaultBundleOptions {
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(mixture, "mixture");
            TdVaeConfig.requireRange("sequences", sequences, 5, 10_000_000);
            TdVaeConfig.requireRange("length", length, 3, 10_000_000);
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(training, "training");
        }

        /**
         * The documented recipe of the shipped default bundle, with its residual transition (layout version 1): the
         * mixture's trends, random walks and level shifts need a transition that can pull towards a level.
         */
        public static DefaultBundleOptions defaults(Path out) {
            TdVaeTrainingConfig t = TdVaeTrainingConfig.defaults().withWindowLength(48).withPairsPerWindow(16)
                    .withJumps(10, 40, 0.8).withLearningRate(6e-3).withWarmupSteps(300).withEpochs(16, 30)
                    .withNormalisation(TdVaeTrainingConfig.Normalisation.PER_SEQUENCE);
            return new DefaultBundleOptions(out, SyntheticMixture.defaults(), DEFAULT_SEQUENCES, DEFAULT_LENGTH,
                    DEFAULT_DATA_SEED, TdVaeConfig.defaults().withTransition(TdVaeConfig.Transition.RESIDUAL), t);
        }
    }

    /** Trains the default bundle on the synthetic mixture and writes it. */
    public static TdVaeTrainer.Result trainDefaultBundle(DefaultBundleOptions o, PrintStream progress)
            throws IOException {
        List<float[][]> data = o.mixture().generate(o.sequences(), o.length(), o.dataSeed());
        TdVaeTrainer.Result r = TdVaeTrainer.train(o.model(), o.training(), data, progress,
                "synthetic mixture " + o.mixture() + ", " + o.sequences() + " x " + o.length() + ", data seed "
                        + o.dataSeed());
        r.model().save(o.out());
        if (progress != null) {
            progress.printf("wrote %s (best epoch %d)%n", o.out(), r.bestEpoch());
        }
        return r;
    }

    /**
     * Produces the shipped default bundle: {@code java -cp <classpath> io.beliefstream.models.tdvae.TdVaeCommands
     * <out.bsb>} (the single argument is the output path; everything else is {@link DefaultBundleOptions#defaults}).
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: TdVaeCommands <out.bsb>   (trains the default TD-VAE bundle)");
            System.exit(2);
        }
        trainDefaultBundle(DefaultBundleOptions.defaults(Path.of(args[0])), System.out);
    }
}
