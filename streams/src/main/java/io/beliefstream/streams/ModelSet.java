package io.beliefstream.streams;

import io.beliefstream.models.PerDimensionState;
import io.beliefstream.models.SequenceModel;
import io.beliefstream.models.StreamState;
import io.beliefstream.models.WindowScorerModel;
import io.beliefstream.models.score.AnomalyComponent;
import io.beliefstream.models.score.ReconstructionComponent;
import io.beliefstream.models.score.ScoreNormaliser;
import io.beliefstream.models.score.ScoreNormaliserConfig;
import io.beliefstream.models.score.SeasonalComponent;
import io.beliefstream.models.score.SurpriseComponent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The models one engine serves together: a forecaster (TD-VAE, or the last-value baseline), an optional window
 * scorer (the online VQ-VAE; its codebook keeps learning) and the score normaliser that turns the raw anomaly
 * evidence of its named {@link AnomalyComponent}s into a calibrated score.
 *
 * <p>The default components ({@link #components}, the one place that lists them): the forecaster's
 * {@link SurpriseComponent surprise}; with a window scorer, its {@link ReconstructionComponent reconstruction error};
 * for a univariate forecaster, the {@link SeasonalComponent seasonal} deviation from the stream's daily profile. The
 * normaliser calibrates each to [0, 1] per stream and combines them (Fisher's method), so one threshold means the
 * same on every stream.
 *
 * @param forecaster the sequence model
 * @param scorer the window scorer, or {@code null}; a univariate scorer, applied to each dimension of a multivariate
 *     stream on its own (each dimension has its own window and normalisation statistics, all share the codebook)
 * @param normaliser calibrates and combines the components
 * @param anomalyThreshold calibrated score at or above which a prediction is flagged as an anomaly
 */
public record ModelSet(SequenceModel forecaster, WindowScorerModel scorer, ScoreNormaliser normaliser,
        double anomalyThreshold) {
    /** Observations of a stream whose surprise is left out of the anomaly score ({@link SurpriseComponent}). */
    public static final int SURPRISE_WARMUP = SurpriseComponent.DEFAULT_WARMUP;
    /** Default threshold on the calibrated anomaly score. */
    public static final double DEFAULT_ANOMALY_THRESHOLD = 0.99;
    /**
     * Format id of the normaliser's per-stream state in checkpoints. The state names its components and carries its
     * own version ({@link ScoreNormaliser#STATE_VERSION}), so the id does not depend on the components.
     */
    public static final String NORMALISER_FORMAT = "score-normaliser/named";
    /** Prefix of the ids of the positional states (versions 1 to 3), which {@link ScoreNormaliser} still reads. */
    private static final String POSITIONAL_NORMALISER_FORMAT = "score-normaliser/v1/";

    public ModelSet {
        Objects.requireNonNull(forecaster, "forecaster");
        Objects.requireNonNull(normaliser, "normaliser");
        if (!(anomalyThreshold > 0 && anomalyThreshold <= 1)) {
            throw new IllegalArgumentException("model.anomaly-threshold must be in (0, 1], got " + anomalyThreshold);
        }
    }

    /** A forecaster alone, with the default normaliser of its {@link #components}. */
    public static ModelSet of(SequenceModel forecaster) {
        return of(forecaster, null);
    }

    /** A forecaster and a window scorer (or {@code null}), with the default normaliser of their {@link #components}. */
    public static ModelSet of(SequenceModel forecaster, WindowScorerModel scorer) {
        return new ModelSet(forecaster, scorer, new ScoreNormaliser(ScoreNormaliserConfig.of(components(forecaster,
                scorer))), DEFAULT_ANOMALY_THRESHOLD);
    }

    /**
     * The anomaly components the service scores with by default, in order: the surprise; the reconstruction error
     * when there is a window scorer; the daily seasonal profile for a univariate forecaster (docs/decisions.md). A new
     * component is registered here.
     */
    public static List<AnomalyComponent> components(SequenceModel forecaster, WindowScorerModel scorer) {
        int dims = forecaster.info().inputDim();
        List<AnomalyComponent> c = new ArrayList<>(3);
        c.add(new SurpriseComponent(SurpriseComponent.DEFAULT_WARMUP, dims));
        if (scorer != null) {
            c.add(new ReconstructionComponent(dims));
        }
        if (forecaster.info().inputDim() == 1) {
            c.add(SeasonalComponent.daily());
        }
        return c;
    }

    /**
     * Whether {@code other}'s normaliser has the same components (by value), so in-memory states can be kept as they
     * are across a switch of models.
     */
    public boolean sameNormaliserLayout(ModelSet other) {
        return normaliser.components().equals(other.normaliser.components());
    }

    /** The anomaly components, in the order of a stream's row of raw and calibrated scores. */
    public List<AnomalyComponent> components() {
        return normaliser.components();
    }

    /** Rows of the window scorer per stream: the input dimension (one per dimension), or 0 without a scorer. */
    public int scorerRows() {
        return scorer == null ? 0 : forecaster.info().inputDim();
    }

    /** A fresh scorer state for one stream: the scorer's own, or one per dimension ({@link PerDimensionState}). */
    public StreamState newScorerState() {
        int d = forecaster.info().inputDim();
        return d == 1 ? scorer.newState() : PerDimensionState.fresh(d, scorer::newState);
    }

    /** Reads a scorer state written for {@link #scorerFormat()}. */
    public StreamState readScorerState(ByteBuffer in) {
        int d = forecaster.info().inputDim();
        return d == 1 ? scorer.readState(in) : PerDimensionState.read(in, d, scorer::readState);
    }

    /** Format id of a stream's scorer state ({@code ""} without a scorer). */
    public String scorerFormat() {
        if (scorer == null) {
            return "";
        }
        int d = forecaster.info().inputDim();
        return d == 1 ? scorer.info().stateFormat() : scorer.info().stateFormat() + "/per-dimension/d" + d;
    }

    /** The same models with another threshold. */
    public ModelSet withAnomalyThreshold(double threshold) {
        return new ModelSet(forecaster, scorer, normaliser, threshold);
    }

    /** The same models with another normaliser. */
    public ModelSet withNormaliser(ScoreNormaliser next) {
        return new ModelSet(forecaster, scorer, next, anomalyThreshold);
    }

    /** Format id of the normaliser's per-stream state ({@link #NORMALISER_FORMAT}). */
    public String normaliserFormat() {
        return NORMALISER_FORMAT;
    }

    /**
     * Whether a checkpoint's normaliser part of format {@code id} is read by this model set's normaliser: the named
     * state, and the positional ones written before it (version 1 to 3, ids {@code score-normaliser/v1/[...]}).
     */
    public boolean readsNormaliserFormat(String id) {
        return NORMALISER_FORMAT.equals(id) || id.startsWith(POSITIONAL_NORMALISER_FORMAT);
    }
}
