package io.beliefstream.streams;

import io.beliefstream.models.SequenceModel;
import io.beliefstream.models.WindowScorerModel;
import io.beliefstream.models.score.ScoreNormaliser;
import io.beliefstream.models.score.ScoreNormaliserConfig;
import java.util.Objects;

/**
 * The models one engine serves together: a forecaster (TD-VAE, or the last-value baseline), an optional window
 * scorer (the online VQ-VAE; its codebook keeps learning) and the score normaliser that turns the raw anomaly
 * evidence into a calibrated score.
 *
 * <p>Anomaly components, in this order: (0) the surprise of each observation under the forecast made one step
 * earlier (negative log-likelihood at the first configured horizon); (1) when a scorer is present, its reconstruction
 * error of the stream's recent window. The normaliser calibrates each to [0, 1] per stream and combines them
 * (Fisher's method), so one threshold means the same on every stream. (2) When the normaliser has a seasonal
 * profile (the default for univariate forecasters: {@link ScoreNormaliserConfig.Seasonal#daily()}), the deviation of
 * the observation's first value from what the stream usually does at that hour of the day; the normaliser derives it
 * from the observation's timestamp and value, so it is the last component whatever the models. With a shape memory
 * ({@link #withShapeMemory}, off by default: {@code model.shape-memory}) a shape component (how far the shape of the
 * stream's last 64 values lies from every shape it drew over its last ~1,000 values) comes between the model
 * components and the seasonal one.
 *
 * @param forecaster the sequence model
 * @param scorer the window scorer, or {@code null}; it reads the first value of each observation, so it requires a
 *     univariate forecaster
 * @param normaliser calibrates and combines the components; its component count must match
 * @param anomalyThreshold calibrated score at or above which a prediction is flagged as an anomaly
 */
public record ModelSet(SequenceModel forecaster, WindowScorerModel scorer, ScoreNormaliser normaliser,
        double anomalyThreshold) {
    /**
     * Observations of a stream whose surprise is left out of the anomaly score: the forecasts they are scored against
     * rest on few points (the TD-VAE's per-stream running mean and variance are still forming), and their surprises
     * reach hundreds of nats on a stream that was quiet at first (20 before; docs/decisions.md).
     */
    public static final int SURPRISE_WARMUP = 100;
    /** Default threshold on the calibrated anomaly score. */
    public static final double DEFAULT_ANOMALY_THRESHOLD = 0.99;

    public ModelSet {
        Objects.requireNonNull(forecaster, "forecaster");
        Objects.requireNonNull(normaliser, "normaliser");
        int expected = scorer == null ? 1 : 2;
        if (normaliser.config().modelComponents() != expected) {
            throw new IllegalArgumentException("the normaliser expects " + normaliser.config().modelComponents()
                    + " model components; this model set produces " + expected);
        }
        if (scorer != null && forecaster.info().inputDim() != 1) {
            throw new IllegalArgumentException("the window scorer " + scorer.info().name()
                    + " scores univariate streams; the forecaster expects dimension " + forecaster.info().inputDim());
        }
        if (!(anomalyThreshold > 0 && anomalyThreshold <= 1)) {
            throw new IllegalArgumentException("model.anomaly-threshold must be in (0, 1], got " + anomalyThreshold);
        }
    }

    /**
     * A forecaster alone, with the default normaliser: the surprise, and for a univariate forecaster the daily
     * seasonal profile.
     */
    public static ModelSet of(SequenceModel forecaster) {
        return new ModelSet(forecaster, null, new ScoreNormaliser(defaultSeasonal(ScoreNormaliserConfig.of(1),
                forecaster)), DEFAULT_ANOMALY_THRESHOLD);
    }

    /**
     * A forecaster and a window scorer, with the default normaliser: surprise, reconstruction error and the daily
     * seasonal profile.
     */
    public static ModelSet of(SequenceModel forecaster, WindowScorerModel scorer) {
        return new ModelSet(forecaster, scorer, new ScoreNormaliser(defaultSeasonal(
                ScoreNormaliserConfig.surpriseAndReconstruction(), forecaster)), DEFAULT_ANOMALY_THRESHOLD);
    }

    /** The daily seasonal profile for univariate forecasters (docs/decisions.md), none for multivariate ones. */
    private static ScoreNormaliserConfig defaultSeasonal(ScoreNormaliserConfig config, SequenceModel forecaster) {
        return forecaster.info().inputDim() == 1 ? config.withSeasonal(ScoreNormaliserConfig.Seasonal.daily()) : config;
    }

    /**
     * The same models with the normaliser's shape memory ({@link ScoreNormaliserConfig.Shape#defaults()}) on or off.
     * Off by default: on the development corpora it solves 3 more of UCR's 73 series (19 against 16) and costs NAB
     * 1.7 standard and 3.9 low-FP points (docs/evaluation.md, "Shape novelty"). A univariate forecaster only (the
     * memory reads one value per observation); unchanged if already so.
     */
    public ModelSet withShapeMemory(boolean on) {
        ScoreNormaliserConfig c = normaliser.config();
        if ((c.shape() != null) == on) {
            return this;
        }
        if (on && forecaster.info().inputDim() != 1) {
            throw new IllegalArgumentException("model.shape-memory needs a univariate forecaster; this one expects "
                    + "dimension " + forecaster.info().inputDim());
        }
        return new ModelSet(forecaster, scorer, new ScoreNormaliser(c.withShape(on
                ? ScoreNormaliserConfig.Shape.defaults() : null)), anomalyThreshold);
    }

    /**
     * Whether {@code other}'s normaliser states have the same layout as this one's (the same state format and the
     * same seasonal phases and cycle), so in-memory states can be kept across a switch of models.
     */
    public boolean sameNormaliserLayout(ModelSet other) {
        ScoreNormaliserConfig.Seasonal a = normaliser.config().seasonal();
        ScoreNormaliserConfig.Seasonal b = other.normaliser.config().seasonal();
        return normaliserFormat().equals(other.normaliserFormat()) && (a == null ? b == null
                : b != null && a.buckets() == b.buckets() && a.periodMillis() == b.periodMillis())
                && Objects.equals(normaliser.config().shape(), other.normaliser.config().shape());
    }

    /** Number of anomaly components (the width of a stream's row of raw and calibrated scores). */
    public int components() {
        return normaliser.components();
    }

    /** The same models with another threshold. */
    public ModelSet withAnomalyThreshold(double threshold) {
        return new ModelSet(forecaster, scorer, normaliser, threshold);
    }

    /**
     * Format id of the normaliser's per-stream state. It names the oldest binary form the normaliser reads, not the
     * one it writes, so checkpoints of every readable version keep their part (version 1 states, written before the
     * onset filter, are read with the filter's flag cleared; version 1 and 2 states, written before the seasonal
     * profile, with the profile empty). The seasonal layout is checked by {@link ScoreNormaliser#readState}, which
     * refuses a profile of other phases or cycle.
     */
    public String normaliserFormat() {
        return "score-normaliser/v" + ScoreNormaliser.OLDEST_READABLE_STATE_VERSION + "/"
                + normaliser.config().transforms();
    }
}
