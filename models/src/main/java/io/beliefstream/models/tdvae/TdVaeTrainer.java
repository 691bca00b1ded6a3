package io.beliefstream.models.tdvae;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beliefstream.models.bundle.ModelBundle;
import io.beliefstream.models.internal.ProgressBar;
import io.beliefstream.models.tdvae.internal.JavaTrainingStep;
import io.beliefstream.models.tdvae.internal.Optimiser;
import io.beliefstream.models.tdvae.internal.PairBatch;
import io.beliefstream.models.tdvae.internal.ParamLayout;
import io.beliefstream.models.tdvae.internal.TrainingStep;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a TD-VAE on the objective {@code J_{t1,t2}} (see {@code internal.TdVaeGraph}, the reference definition;
 * by default the gradients come from its plain-Java twin {@code internal.TdVaeBackprop}, see {@link Gradients}): Adam with
 * global gradient-norm clipping, a validation split (whole sequences when there are at least
 * {@value #MIN_SEQUENCES_FOR_SEQUENCE_SPLIT}, otherwise the tail of each sequence), early stopping on the validation
 * loss, optional checkpoints, a text progress bar and one line of losses per epoch. Everything random comes from the
 * seed, so equal inputs and seeds give equal models.
 */
public final class TdVaeTrainer {
    /** With at least this many sequences the validation split holds out whole sequences. */
    public static final int MIN_SEQUENCES_FOR_SEQUENCE_SPLIT = 5;
    /** Validation batches, fixed for the whole run so epoch losses are comparable. */
    public static final int VALIDATION_BATCHES = 4;

    /** Losses of one epoch (per pair, nats): {@code loss = kl + logpb2 - logpt + nllx} on the training batches. */
    public record EpochStats(int epoch, double trainLoss, double validationLoss, double kl, double nllx,
            double seconds) {}

    /** The best model (lowest validation loss), every epoch's losses, and why training ended. */
    public record Result(TrainedTdVae model, List<EpochStats> epochs, int bestEpoch, boolean stoppedEarly) {}

    /** Which implementation computes the gradients; both compute the same function (tested). */
    public enum Gradients {
        /** Plain Java forward and hand-written backward pass (the default; tens of ms per step). */
        JAVA,
        /** The SameDiff graph (the reference definition; hundreds of ms per step). */
        SAMEDIFF
    }

    private TdVaeTrainer() {}

    /** {@link #train(TdVaeConfig, TdVaeTrainingConfig, List, PrintStream, String, Gradients)} with {@link Gradients#JAVA}. */
    public static Result train(TdVaeConfig config, TdVaeTrainingConfig tc, List<float[][]> sequences,
            PrintStream progress, String description) {
        return train(config, tc, sequences, progress, description, Gradients.JAVA);
    }

    /**
     * Trains on raw (unnormalised) sequences.
     *
     * @param sequences each {@code [time][inputDim]}
     * @param progress receives the progress bar and per-epoch lines; {@code null} for silence
     * @param description free text stored in the bundle's training metadata (for example the data source)
     * @param gradients which implementation computes the gradients
     */
    public static Result train(TdVaeConfig config, TdVaeTrainingConfig tc, List<float[][]> sequences,
            PrintStream progress, String description, Gradients gradients) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("no training sequences");
        }
        int dim = config.inputDim();
        for (int i = 0; i < sequences.size(); i++) {
            float[][] s = sequences.get(i);
            for (int t = 0; t < s.length; t++) {
                if (s[t].length != dim) {
                    throw new IllegalArgumentException("sequence " + i + " row " + t + " has " + s[t].length
                            + " values, inputDim is " + dim);
                }
                for (float v : s[t]) {
                    if (!Float.isFinite(v)) {
                        throw new IllegalArgumentException("sequence " + i + " row " + t + " is not finite: " + v);
                    }
                }
            }
        }
        float[][] stats = statistics(sequences, dim);
        List<float[][]> normalised = new ArrayList<>();
        for (float[][] s : sequences) {
            float[][] st = tc.normalisation() == TdVaeTrainingConfig.Normalisation.GLOBAL ? stats
                    : statistics(java.util.Collections.singletonList(s), dim);
            normalised.add(normalise(s, st[0], st[1]));
        }
        List<float[][]> train = new ArrayList<>();
        List<float[][]> valid = new ArrayList<>();
        split(normalised, tc, train, valid);

        ParamLayout layout = new ParamLayout(config);
        Map<String, float[]> params = layout.initialise(tc.seed());
        Optimiser trainer = gradients == Gradients.SAMEDIFF
                ? new TrainingStep(layout, params, tc.windowLength(), tc.learningRate(), tc.gradientClipNorm())
                : new JavaTrainingStep(layout, params, tc.learningRate(), tc.gradientClipNorm());
        PairBatch trainBatches = new PairBatch(train, config, tc, tc.seed() + 1);
        PairBatch validBatches = new PairBatch(valid, config, tc, tc.seed() + 2);
        List<PairBatch.Batch> validation = new ArrayList<>();
        for (int i = 0; i < VALIDATION_BATCHES; i++) {
            PairBatch.Batch vb = validBatches.newBatch(tc.batchSize());
            validBatches.fill(vb);
            validation.add(vb);
        }
        PairBatch.Batch batch = trainBatches.newBatch(tc.batchSize());

        List<EpochStats> history = new ArrayList<>();
        Map<String, float[]> best = copy(params);
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int sinceBest = 0;
        boolean stoppedEarly = false;
        long step = 0;
        if (progress != null) {
            progress.printf("training TD-VAE: %d parameters, %d training / %d validation sequences, window %d, "
                    + "batch %d x %d pairs, seed %d%n", layout.parameterCount(), train.size(), valid.size(),
                    tc.windowLength(), tc.batchSize(), tc.pairsPerWindow(), tc.seed());
        }
        ProgressBar bar = progress == null ? null : ProgressBar.on(progress);
        for (int epoch = 1; epoch <= tc.epochs(); epoch++) {
            long t0 = System.nanoTime();
            double lossSum = 0;
            double klSum = 0;
            double nllSum = 0;
            for (int s = 0; s < tc.stepsPerEpoch(); s++) {
                trainBatches.fill(batch);
                double[] o = trainer.step(batch, tc.warmupBeta(step + 1), tc.auxiliaryWeight());
                step++;
                lossSum += o[0];
                klSum += o[1];
                nllSum += o[2];
                if (bar != null) {
                    bar.update(String.format(Locale.ROOT, "epoch %3d/%d", epoch, tc.epochs()), s + 1,
                            tc.stepsPerEpoch(), String.format(Locale.ROOT, "loss %.4f", lossSum / (s + 1)));
                }
            }
            double valLoss = 0;
            for (PairBatch.Batch vb : validation) {
                valLoss += trainer.evaluate(vb);
            }
            valLoss /= validation.size();
            double seconds = (System.nanoTime() - t0) / 1e9;
            EpochStats stats1 = new EpochStats(epoch, lossSum / tc.stepsPerEpoch(), valLoss,
                    klSum / tc.stepsPerEpoch(), nllSum / tc.stepsPerEpoch(), seconds);
            history.add(stats1);
            boolean improved = valLoss < bestLoss;
            if (improved) {
                bestLoss = valLoss;
                bestEpoch = epoch;
                best = copy(params);
                sinceBest = 0;
            } else {
                sinceBest++;
            }
            if (bar != null) {
                bar.line(String.format(Locale.ROOT, "epoch %3d/%d  train %.4f  (kl %.4f, nll(x) %.4f)  validation %.4f%s"
                        + "  %.1f s", epoch, tc.epochs(), stats1.trainLoss(), stats1.kl(), stats1.nllx(), valLoss,
                        improved ? " *best*" : "", seconds));
            }
            if (tc.checkpointDir() != null) {
                try {
                    build(config, tc, params, stats, history, epoch, description)
                            .save(tc.checkpointDir().resolve("last.bsb"));
                    if (improved) {
                        build(config, tc, params, stats, history, epoch, description)
                                .save(tc.checkpointDir().resolve("best.bsb"));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write checkpoint to " + tc.checkpointDir(), e);
                }
            }
            if (step < tc.warmupSteps()) {
                sinceBest = 0; // the warm-up objective differs from -J: patience counts from its end
            }
            if (sinceBest >= tc.patience()) {
                stoppedEarly = true;
                if (progress != null) {
                    progress.printf("early stop: no validation improvement for %d epochs; best epoch %d (%.4f)%n",
                            tc.patience(), bestEpoch, bestLoss);
                }
                break;
            }
        }
        TrainedTdVae model = build(config, tc, best, stats, history, bestEpoch, description);
        return new Result(model, List.copyOf(history), bestEpoch, stoppedEarly);
    }

    private static TrainedTdVae build(TdVaeConfig config, TdVaeTrainingConfig tc, Map<String, float[]> params,
            float[][] stats, List<EpochStats> history, int epoch, String description) {
        ObjectNode meta = ModelBundle.newMetadata();
        meta.put("description", description == null ? "" : description);
        meta.put("seed", tc.seed());
        meta.put("epoch", epoch);
        meta.put("windowLength", tc.windowLength());
        meta.put("batchSize", tc.batchSize());
        meta.put("pairsPerWindow", tc.pairsPerWindow());
        meta.put("learningRate", tc.learningRate());
        meta.put("auxiliaryWeight", tc.auxiliaryWeight());
        meta.put("warmupSteps", tc.warmupSteps());
        meta.put("shortJumpMax", tc.shortJumpMax());
        meta.put("longJumpMax", tc.longJumpMax());
        meta.put("jumpProbabilityShort", tc.jumpProbabilityShort());
        ArrayNode h = meta.putArray("epochs");
        for (EpochStats e : history) {
            ObjectNode o = h.addObject();
            o.put("epoch", e.epoch());
            o.put("train", e.trainLoss());
            o.put("validation", e.validationLoss());
        }
        return new TrainedTdVae(config, params, tc.normalisation(), stats[0], stats[1], meta);
    }

    private static Map<String, float[]> copy(Map<String, float[]> p) {
        Map<String, float[]> c = new LinkedHashMap<>();
        p.forEach((k, val) -> c.put(k, val.clone()));
        return c;
    }

    /** Per-dimension mean and standard deviation (floored at 1e-6) over all rows of all sequences. */
    static float[][] statistics(List<float[][]> sequences, int dim) {
        double[] sum = new double[dim];
        double[] sq = new double[dim];
        long n = 0;
        for (float[][] s : sequences) {
            for (float[] row : s) {
                for (int d = 0; d < dim; d++) {
                    sum[d] += row[d];
                }
                n++;
            }
        }
        float[] mean = new float[dim];
        float[] std = new float[dim];
        for (int d = 0; d < dim; d++) {
            mean[d] = (float) (sum[d] / Math.max(1, n));
        }
        for (float[][] s : sequences) {
            for (float[] row : s) {
                for (int d = 0; d < dim; d++) {
                    double e = row[d] - mean[d];
                    sq[d] += e * e;
                }
            }
        }
        for (int d = 0; d < dim; d++) {
            std[d] = (float) Math.max(1e-6, Math.sqrt(sq[d] / Math.max(1, n)));
        }
        return new float[][] {mean, std};
    }

    private static float[][] normalise(float[][] s, float[] mean, float[] std) {
        float[][] out = new float[s.length][];
        for (int t = 0; t < s.length; t++) {
            out[t] = new float[s[t].length];
            for (int d = 0; d < s[t].length; d++) {
                out[t][d] = (s[t][d] - mean[d]) / std[d];
            }
        }
        return out;
    }

    private static void split(List<float[][]> all, TdVaeTrainingConfig tc, List<float[][]> train,
            List<float[][]> valid) {
        int len = tc.windowLength();
        List<float[][]> usable = new ArrayList<>();
        for (float[][] s : all) {
            if (s.length >= len) {
                usable.add(s);
            }
        }
        if (usable.size() >= MIN_SEQUENCES_FOR_SEQUENCE_SPLIT) {
            int nValid = Math.max(1, (int) Math.round(usable.size() * tc.validationFraction()));
            // the last sequences are held out: deterministic, and callers can order their data accordingly
            train.addAll(usable.subList(0, usable.size() - nValid));
            valid.addAll(usable.subList(usable.size() - nValid, usable.size()));
            return;
        }
        for (float[][] s : all) {
            int tail = Math.max(len, (int) Math.ceil(s.length * tc.validationFraction()));
            if (s.length - tail >= len) {
                train.add(java.util.Arrays.copyOfRange(s, 0, s.length - tail));
                valid.add(java.util.Arrays.copyOfRange(s, s.length - tail, s.length));
            }
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("training needs at least " + MIN_SEQUENCES_FOR_SEQUENCE_SPLIT
                    + " sequences of at least windowLength = " + len + " observations, or a sequence of at least "
                    + (2 * len) + " observations to split in time");
        }
    }
}
