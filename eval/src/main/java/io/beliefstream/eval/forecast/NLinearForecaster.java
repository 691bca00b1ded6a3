package io.beliefstream.eval.forecast;

import io.beliefstream.eval.forecast.internal.NLinear;
import io.beliefstream.eval.forecast.internal.Quantiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NLinear, the strongest published univariate baseline of the long-sequence-forecasting literature (LTSF-Linear:
 * ETTh1 {@code H = 96} MSE 0.053, ETTm1 0.026), as a streaming forecaster: one linear layer over the last
 * {@value #LOOK_BACK} values minus the last value, added back ({@link NLinear}), predicting steps
 * {@code 1..max horizon} at once.
 *
 * <p><b>Fitting</b>: on the context's training split with LTSF-Linear's recipe (MSE, Adam, 10 epochs, learning rate
 * halved every epoch, early stopping on the validation split with patience 3), with the batch size and learning
 * rate of LTSF-Linear's univariate ETT scripts for the file's sampling interval: hourly or slower 32 and 0.005
 * ({@code ETTh1.sh}), faster than hourly 8 and 0.0001 ({@code ETTm1.sh}). One model serves every horizon (LTSF-Linear
 * trains one per {@code H}; the layer's rows are independent, so this changes only the windows' count at the end of
 * the training split and the epoch early stopping picks).
 *
 * <p><b>Interval</b> (split conformal): per step {@code k}, the {@code (1 ∓ level)/2} empirical quantiles of the
 * fitted model's residuals {@code z_{t+k} − ẑ_{t,k}} on the validation windows (never seen in fitting except to
 * stop), added to the forecast; without a validation split, of its training residuals.
 */
public final class NLinearForecaster implements Forecaster {
    private static final Logger LOG = LoggerFactory.getLogger(NLinearForecaster.class);
    /** Name in results. */
    public static final String NAME = "nlinear";
    /** Input length: LTSF-Linear's {@code seq_len} for its univariate ETT results. */
    public static final int LOOK_BACK = 336;
    /** LTSF-Linear's {@code train_epochs}. */
    public static final int EPOCHS = 10;
    /** LTSF-Linear's early-stopping {@code patience}. */
    public static final int PATIENCE = 3;
    /** Seed of the initial weights and the shuffles. */
    public static final long DEFAULT_SEED = 2021L;

    private final NLinear model;
    private final int[] horizons;
    private final double[] lowerOffset;
    private final double[] upperOffset;
    private final double[] history;
    private final double[] window;
    private final double[] pred;
    private long seen;

    NLinearForecaster(ForecastContext ctx, long seed) {
        horizons = ctx.horizons();
        int steps = ctx.maxHorizon();
        double[] series = new double[ctx.train().length + ctx.validation().length];
        System.arraycopy(ctx.train(), 0, series, 0, ctx.train().length);
        System.arraycopy(ctx.validation(), 0, series, ctx.train().length, ctx.validation().length);
        NLinear.Recipe recipe = recipe(ctx.trainTimestamps(), seed);
        NLinear.Fit fit = NLinear.train(series, ctx.train().length, series.length, steps, recipe);
        model = fit.model();
        LOG.info("NLinear ({} → {} steps, batch {}, lr {}): kept epoch {} of {}, validation MSE per epoch {}",
                LOOK_BACK, steps, recipe.batchSize(), recipe.learningRate(), fit.bestEpoch(),
                fit.validationMse().length, java.util.Arrays.toString(fit.validationMse()));
        history = new double[LOOK_BACK];
        window = new double[LOOK_BACK];
        pred = new double[steps];
        // residuals on the validation windows (or, without any, the training windows)
        int from = ctx.validation().length >= steps + 1 ? Math.max(ctx.train().length - 1, LOOK_BACK - 1)
                : LOOK_BACK - 1;
        int to = (ctx.validation().length >= steps + 1 ? series.length : ctx.train().length) - steps;
        double[][] res = new double[steps][Math.max(0, to - from)];
        for (int origin = from; origin < to; origin++) {
            model.forecast(series, origin + 1, pred);
            for (int k = 0; k < steps; k++) {
                res[k][origin - from] = series[origin + 1 + k] - pred[k];
            }
        }
        lowerOffset = new double[horizons.length];
        upperOffset = new double[horizons.length];
        for (int i = 0; i < horizons.length; i++) {
            double[] r = res[horizons[i] - 1];
            lowerOffset[i] = Quantiles.quantile(r, (1 - ctx.intervalLevel()) / 2);
            upperOffset[i] = Quantiles.quantile(r, (1 + ctx.intervalLevel()) / 2);
        }
    }

    /** LTSF-Linear's univariate ETT recipe for the sampling interval of {@code timestamps}. */
    static NLinear.Recipe recipe(long[] timestamps, long seed) {
        boolean subHourly = timestamps.length >= 2 && LsfEvaluation.samplingMillis(timestamps) < 3_600_000L;
        return subHourly ? new NLinear.Recipe(LOOK_BACK, EPOCHS, 8, 1e-4, PATIENCE, seed)
                : new NLinear.Recipe(LOOK_BACK, EPOCHS, 32, 5e-3, PATIENCE, seed);
    }

    /** The factory with the default seed. */
    public static ForecasterFactory factory() {
        return new ForecasterFactory() {
            @Override
            public String name() {
                return NAME;
            }

            @Override
            public Forecaster create(ForecastContext context) {
                return new NLinearForecaster(context, DEFAULT_SEED);
            }
        };
    }

    @Override
    public void observe(long timestampMillis, double x, Forecast out) {
        history[(int) (seen++ % LOOK_BACK)] = x;
        if (!out.scored || seen < LOOK_BACK) {
            out.clear();
            return;
        }
        for (int i = 0; i < LOOK_BACK; i++) {
            window[i] = history[(int) ((seen + i) % LOOK_BACK)];
        }
        model.forecast(window, LOOK_BACK, pred);
        for (int i = 0; i < horizons.length; i++) {
            double m = pred[horizons[i] - 1];
            out.mean[i] = m;
            out.lower[i] = m + lowerOffset[i];
            out.upper[i] = m + upperOffset[i];
        }
    }
}
