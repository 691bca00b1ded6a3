package io.beliefstream.models.score;

/**
 * The forecaster's surprise: the negative log-likelihood (nats, summed over dimensions) of each observation under the
 * forecast made one step earlier (the first configured horizon; {@code StepResult#surprise}), capped at
 * ±{@link #MAX_RAW_SCORE}. Calibrated as is ({@link ScoreNormaliserConfig.Transform#IDENTITY}: a negative
 * log-likelihood can be negative and is roughly symmetric). Name {@code surprise}, raw {@code surprise_nll}.
 *
 * <p>On a multivariate stream ({@code dims > 1}) whose forecaster breaks the surprise down by dimension
 * ({@code StepResult#dimSurprise}), the component also keeps {@link DimensionStats} of the dimensions' parts, which
 * say which dimensions the anomaly comes from.
 *
 * @param warmup observations of a stream whose surprise is left out: the forecasts they are scored against rest on
 *     few points (the TD-VAE's per-stream running mean and variance are still forming), and their surprises reach
 *     hundreds of nats on a stream that was quiet at first (docs/decisions.md); at least 0
 * @param dims the streams' dimension; at least 1
 */
public record SurpriseComponent(int warmup, int dims) implements DimensionStatsComponent {
    /** Default warm-up: 100 observations (20 before; docs/decisions.md). */
    public static final int DEFAULT_WARMUP = 100;

    public SurpriseComponent {
        if (warmup < 0) {
            throw new IllegalArgumentException("surprise warmup must be at least 0, got " + warmup);
        }
        if (dims < 1) {
            throw new IllegalArgumentException("surprise dims must be at least 1, got " + dims);
        }
    }

    /** Univariate streams, with the given warm-up. */
    public SurpriseComponent(int warmup) {
        this(warmup, 1);
    }

    /** The default for univariate streams: a warm-up of {@value #DEFAULT_WARMUP} observations. */
    public SurpriseComponent() {
        this(DEFAULT_WARMUP);
    }

    @Override
    public String name() {
        return "surprise";
    }

    @Override
    public String rawName() {
        return "surprise_nll";
    }

    @Override
    public ScoreNormaliserConfig.Transform transform() {
        return ScoreNormaliserConfig.Transform.IDENTITY;
    }

    @Override
    public float measure(AnomalyInputs in, int b, State own) {
        if (in.forecast() == null || in.forecasterStates()[b].observations() <= warmup) {
            if (own != null) {
                ((DimensionStats) own).clear();
            }
            return Float.NaN;
        }
        if (own != null) {
            ((DimensionStats) own).observe(in.forecast().dimSurprise, b * dims, 1);
        }
        return AnomalyComponent.capRaw(in.forecast().surprise[in.forecast().surpriseIndex(b, 0)]);
    }
}
