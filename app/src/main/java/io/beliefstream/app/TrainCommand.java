package io.beliefstream.app;

import io.beliefstream.models.data.CsvSeriesLoader;
import io.beliefstream.models.scorer.ScorerCommands;
import io.beliefstream.models.scorer.ScorerKind;
import io.beliefstream.models.tdvae.TdVaeCommands;
import io.beliefstream.models.tdvae.TdVaeConfig;
import io.beliefstream.models.tdvae.TdVaeTrainingConfig;
import io.beliefstream.models.vqvae.VqVaeCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code beliefstream train ...}: offline training that writes a model bundle. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Trains a model and writes its bundle.",
        subcommands = {TrainCommand.TdVae.class, TrainCommand.VqVae.class, TrainCommand.Scorer.class})
final class TrainCommand {

    /** What every {@code train} command reads and writes: {@code --data} or {@code --synthetic-default}, and {@code --out}. */
    static final class Input {
        @Option(names = "--data", paramLabel = "CSV_OR_DIR", split = ",", description = "CSV files or directories.")
        List<Path> data;

        @Option(names = "--synthetic-default", description = "Train the default bundle on synthetic data instead.")
        boolean syntheticDefault;

        @Option(names = "--out", required = true, paramLabel = "BUNDLE", description = "Bundle file to write.")
        Path out;

        /**
         * Whether {@code --synthetic-default} was given.
         *
         * @throws Settings.ConfigException unless exactly one of {@code --data} and {@code --synthetic-default} was
         */
        boolean synthetic() {
            if (syntheticDefault == (data != null)) {
                throw new Settings.ConfigException("give exactly one of --data and --synthetic-default");
            }
            return syntheticDefault;
        }

        /** The {@code --data} paths, each checked to exist. */
        List<Path> data() {
            for (Path p : data) {
                if (!Files.exists(p)) {
                    throw new Settings.ConfigException("--data " + p + " does not exist");
                }
            }
            return data;
        }
    }

    /** The options of a window scorer's training: which column of the CSV files, and which windows. */
    static final class WindowInput {
        @Option(names = "--value-column", defaultValue = VqVaeCommands.DEFAULT_VALUE_COLUMN,
                description = "Value column. Default: ${DEFAULT-VALUE}.")
        String valueColumn;

        @Option(names = "--stride", defaultValue = "" + VqVaeCommands.DEFAULT_STRIDE,
                description = "Keep every n-th window. Default: ${DEFAULT-VALUE}.")
        int stride;
    }

    @Command(name = "tdvae", mixinStandardHelpOptions = true,
            description = {"Trains a TD-VAE on CSV series (each file one sequence; a directory means every *.csv in "
                    + "it) and writes a bundle that `serve --set model.tdvae-bundle=FILE` loads.",
                "With --synthetic-default instead of --data: trains a default bundle with the recipe of the one shipped "
                    + "in the jar (the documented synthetic mixture)."})
    static final class TdVae implements Callable<Integer> {
        static TdVaeConfig.Transition transition(String name) {
            return switch (name) {
                case "residual" -> TdVaeConfig.Transition.RESIDUAL;
                case "rotation" -> TdVaeConfig.Transition.ROTATION;
                default -> throw new Settings.ConfigException(
                        "--transition must be residual or rotation, got '" + name + "'");
            };
        }

        @Mixin
        Input input;

        @Option(names = "--timestamp-column", defaultValue = "timestamp", description = "Default: ${DEFAULT-VALUE}.")
        String timestampColumn;

        @Option(names = "--value-columns", defaultValue = "value", split = ",",
                description = "Value columns, comma-separated (the model's input dimension). Default: ${DEFAULT-VALUE}.")
        List<String> valueColumns;

        @Option(names = "--belief", defaultValue = "" + TdVaeConfig.DEFAULT_BELIEF_SIZE, description = "Belief LSTM size.")
        int belief;

        @Option(names = "--latent", defaultValue = "" + TdVaeConfig.DEFAULT_LATENT_SIZE, description = "Latent size per layer.")
        int latent;

        @Option(names = "--layers", defaultValue = "" + TdVaeConfig.DEFAULT_LATENT_LAYERS, description = "Latent layers (1 or 2).")
        int layers;

        @Option(names = "--hidden", defaultValue = "" + TdVaeConfig.DEFAULT_HIDDEN_SIZE, description = "Hidden size of the MLPs.")
        int hidden;

        @Option(names = "--decoder-hidden", defaultValue = "" + TdVaeConfig.DEFAULT_DECODER_HIDDEN, description = "Decoder hidden size.")
        int decoderHidden;

        @Option(names = "--transition", defaultValue = "residual",
                description = "Transition mean: residual (z + MLP(z, dt); general data: levels, trends, shifts) or "
                        + "rotation (R(dt·ω(z))·z; oscillatory data, exact for every jump, no mean reversion). "
                        + "Default: ${DEFAULT-VALUE}.")
        String transition;

        @Option(names = "--epochs", defaultValue = "" + TdVaeTrainingConfig.DEFAULT_EPOCHS, description = "Epochs.")
        int epochs;

        @Option(names = "--steps-per-epoch", defaultValue = "" + TdVaeTrainingConfig.DEFAULT_STEPS_PER_EPOCH,
                description = "Optimiser steps per epoch.")
        int stepsPerEpoch;

        @Option(names = "--window", defaultValue = "" + TdVaeTrainingConfig.DEFAULT_WINDOW_LENGTH,
                description = "Training window length.")
        int window;

        @Option(names = "--seed", defaultValue = "1", description = "Seed: the same seed and data give the same bundle.")
        long seed;

        @Override
        public Integer call() throws Exception {
            if (input.synthetic()) {
                TdVaeCommands.trainDefaultBundle(TdVaeCommands.DefaultBundleOptions.defaults(input.out), System.out);
                return 0;
            }
            TdVaeConfig.Transition form = transition(transition);
            List<Path> data = input.data();
            try {
                TdVaeConfig model = new TdVaeConfig(valueColumns.size(), belief, latent, layers, hidden, decoderHidden,
                        form);
                TdVaeTrainingConfig training = TdVaeTrainingConfig.defaults().withEpochs(epochs, stepsPerEpoch)
                        .withWindowLength(window).withSeed(seed);
                CsvSeriesLoader csv = new CsvSeriesLoader(timestampColumn, valueColumns, ',');
                TdVaeCommands.trainCsv(new TdVaeCommands.TrainCsvOptions(data, input.out, csv, model, training), System.out);
            } catch (IllegalArgumentException e) {
                throw new Settings.ConfigException(e.getMessage());
            }
            return 0;
        }
    }

    @Command(name = "vqvae", mixinStandardHelpOptions = true,
            description = {"Trains a VQ-VAE window scorer on CSV series and writes a bundle that "
                    + "`serve --set model.vqvae-bundle=FILE` loads.",
                "With --synthetic-default instead of --data: trains a default bundle with the recipe of the one shipped in the jar."})
    static final class VqVae implements Callable<Integer> {
        @Mixin
        Input input;

        @Mixin
        WindowInput window;

        @Override
        public Integer call() throws Exception {
            if (input.synthetic()) {
                VqVaeCommands.trainDefault(VqVaeCommands.DefaultOptions.of(input.out), System.out);
                return 0;
            }
            List<Path> data = input.data();
            try {
                VqVaeCommands.TrainOptions d = VqVaeCommands.TrainOptions.of(data, input.out);
                VqVaeCommands.train(new VqVaeCommands.TrainOptions(data, input.out, window.valueColumn, window.stride,
                        d.model(), d.training()), System.out);
            } catch (IllegalArgumentException e) {
                throw new Settings.ConfigException(e.getMessage());
            }
            return 0;
        }
    }

    @Command(name = "scorer", mixinStandardHelpOptions = true,
            description = {"Trains a window scorer of the autoencoder family (--kind autoencoder, denoising, sparse, "
                    + "k-sparse, contractive, stacked, vae, beta-vae or vq-vae-2) on CSV series and writes a bundle "
                    + "that `serve --set model.scorer=KIND --set model.scorer-bundle=FILE` loads.",
                "With --synthetic-default instead of --data: trains the kind's default bundle with the recipe of the shipped one."})
    static final class Scorer implements Callable<Integer> {
        @Option(names = "--kind", required = true, paramLabel = "KIND", description = "The family member.")
        String kind;

        @Mixin
        Input input;

        @Mixin
        WindowInput window;

        @Override
        public Integer call() throws Exception {
            boolean synthetic = input.synthetic();
            ScorerKind k;
            try {
                k = ScorerKind.of(kind);
            } catch (IllegalArgumentException e) {
                throw new Settings.ConfigException("--kind: " + e.getMessage());
            }
            if (synthetic) {
                ScorerCommands.trainDefault(k, input.out, System.out);
                return 0;
            }
            List<Path> data = input.data();
            try {
                ScorerCommands.TrainOptions d = ScorerCommands.TrainOptions.of(k, data, input.out);
                ScorerCommands.train(new ScorerCommands.TrainOptions(data, input.out, window.valueColumn, window.stride,
                        d.model(), d.training()), System.out);
            } catch (IllegalArgumentException e) {
                throw new Settings.ConfigException(e.getMessage());
            }
            return 0;
        }
    }
}
