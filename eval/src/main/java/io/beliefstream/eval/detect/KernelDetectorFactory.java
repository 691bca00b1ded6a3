package io.beliefstream.eval.detect;

import io.beliefstream.eval.Series;
import io.beliefstream.models.Kernel;
import io.beliefstream.models.SequenceModel;
import io.beliefstream.models.StepResult;
import io.beliefstream.models.StreamState;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A BeliefStream {@link SequenceModel} as a NAB detector, run the way the service runs it: every series is one
 * stream with its own {@link StreamState}, and all series advance in lock-step through one batched
 * {@link Kernel} (row {@code i} of every series still running is one batch), so a corpus of 31 files is one
 * batched pass. The raw evidence of each step comes from the {@link StepResult} ({@link RawScore}: the TD-VAE
 * surprise at a horizon, a reconstruction error the model reports) and goes through the stream's
 * {@link ScoreCalibrator} to a score in [0, 1].
 *
 * <p>Each stream's values pass through its own {@link InputTransform} first (identity unless given; use the same
 * preprocessing as the engine, e.g. {@link OnlineStandardizer}).
 */
public final class KernelDetectorFactory implements DetectorFactory {
    /** Largest batch used; corpora with more series run in several lock-step groups. */
    public static final int DEFAULT_MAX_BATCH = 256;

    /** Reads the raw anomaly evidence of stream {@code b} from a step's result. */
    @FunctionalInterface
    public interface RawScore {
        double of(StepResult result, int b);

        /** The surprise (NLL of the observation under the forecast {@code horizonIndex}'s horizon ago). */
        static RawScore surprise(int horizonIndex) {
            return (r, b) -> r.surprise[r.surpriseIndex(b, horizonIndex)];
        }
    }

    private final String name;
    private final SequenceModel model;
    private final RawScore rawScore;
    private final Supplier<? extends ScoreCalibrator> calibrators;
    private final Supplier<? extends InputTransform> inputs;
    private final int maxBatch;

    /** Raw values in, at most {@value #DEFAULT_MAX_BATCH} streams per batch. */
    public KernelDetectorFactory(String name, SequenceModel model, RawScore rawScore,
            Supplier<? extends ScoreCalibrator> calibrators) {
        this(name, model, rawScore, calibrators, InputTransform::identity, DEFAULT_MAX_BATCH);
    }

    /**
     * @param name detector name
     * @param model the served model (one-dimensional input)
     * @param rawScore reads each stream's raw evidence from a step's result
     * @param calibrators makes each stream's score calibrator
     * @param inputs makes each stream's input preprocessing
     * @param maxBatch largest kernel batch
     */
    public KernelDetectorFactory(String name, SequenceModel model, RawScore rawScore,
            Supplier<? extends ScoreCalibrator> calibrators, Supplier<? extends InputTransform> inputs,
            int maxBatch) {
        this.name = Objects.requireNonNull(name, "name");
        this.inputs = Objects.requireNonNull(inputs, "inputs");
        this.model = Objects.requireNonNull(model, "model");
        this.rawScore = Objects.requireNonNull(rawScore, "rawScore");
        this.calibrators = Objects.requireNonNull(calibrators, "calibrators");
        if (model.info().inputDim() != 1) {
            throw new IllegalArgumentException("model: NAB series are univariate, model " + model.info().name()
                    + " takes " + model.info().inputDim() + " dimensions");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        this.maxBatch = maxBatch;
    }

    @Override
    public String name() {
        return name;
    }

    /** One series alone, through a batch-of-one kernel. */
    @Override
    public AnomalyDetector create(SeriesInfo info) {
        StreamState[] states = {model.newState()};
        Kernel kernel = model.newKernel(1);
        StepResult result = StepResult.forModel(model.info(), 1);
        ScoreCalibrator calibrator = calibrators.get();
        InputTransform in = inputs.get();
        float[] x = new float[1];
        return (t, v) -> {
            x[0] = (float) in.apply(v);
            kernel.step(states, x, 1, result);
            return clamp(calibrator.calibrate(rawScore.of(result, 0)));
        };
    }

    /** All series in lock-step through one batched kernel (groups of at most {@code maxBatch} series). */
    @Override
    public double[][] scoreAll(List<Series> series, int[] probationaryRows) {
        double[][] out = new double[series.size()][];
        for (int from = 0; from < series.size(); from += maxBatch) {
            int to = Math.min(series.size(), from + maxBatch);
            scoreGroup(series.subList(from, to), out, from);
        }
        return out;
    }

    private void scoreGroup(List<Series> group, double[][] out, int offset) {
        int n = group.size();
        StreamState[] states = new StreamState[n];
        ScoreCalibrator[] perStream = new ScoreCalibrator[n];
        InputTransform[] ins = new InputTransform[n];
        int longest = 0;
        for (int s = 0; s < n; s++) {
            states[s] = model.newState();
            perStream[s] = calibrators.get();
            ins[s] = inputs.get();
            out[offset + s] = new double[group.get(s).length()];
            longest = Math.max(longest, group.get(s).length());
        }
        Kernel kernel = model.newKernel(n);
        StepResult result = StepResult.forModel(model.info(), n);
        StreamState[] batchStates = new StreamState[n];
        int[] batchSeries = new int[n];
        float[] x = new float[n];
        for (int i = 0; i < longest; i++) {
            int batch = 0;
            for (int s = 0; s < n; s++) {
                if (i < group.get(s).length()) {
                    batchStates[batch] = states[s];
                    batchSeries[batch] = s;
                    x[batch] = (float) ins[s].apply(group.get(s).values()[i]);
                    batch++;
                }
            }
            kernel.step(batchStates, x, batch, result);
            for (int b = 0; b < batch; b++) {
                int s = batchSeries[b];
                out[offset + s][i] = clamp(perStream[s].calibrate(rawScore.of(result, b)));
            }
        }
    }

    private static double clamp(double v) {
        if (Double.isNaN(v)) {
            return 0.0;
        }
        return Math.max(0.0, Math.min(1.0, v));
    }
}
