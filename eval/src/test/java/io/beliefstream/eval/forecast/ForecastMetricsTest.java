package io.beliefstream.eval.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.beliefstream.eval.forecast.internal.Quantiles;
import org.junit.jupiter.api.Test;

/** Forecast metrics and baselines on hand-made examples. */
class ForecastMetricsTest {

    @Test
    void shouldComputeMaeMseCoverageAndWidthOnAHandExample() {
        double[] actual = {1, 2, 3, 4};
        double[] mean = {1, 3, 1, 4};
        double[] lower = {0, 2.5, 0, 3};
        double[] upper = {2, 3.5, 2, 5};
        double[] seasonal = {2, 2, 2, 2};
        var m = ForecastMetrics.compute(6, actual, mean, lower, upper, seasonal, 0.5);
        assertThat(m.horizon()).isEqualTo(6);
        assertThat(m.n()).isEqualTo(4);
        assertThat(m.mae()).isCloseTo((0 + 1 + 2 + 0) / 4.0, within(1e-12));
        assertThat(m.mse()).isCloseTo((0 + 1 + 4 + 0) / 4.0, within(1e-12));
        assertThat(m.mase()).isCloseTo(0.75 / 0.5, within(1e-12));
        // seasonal naive's MAE on these targets: (1 + 0 + 1 + 2) / 4 = 1
        assertThat(m.maeRatioToSeasonalNaive()).isCloseTo(0.75, within(1e-12));
        // covered: rows 0 and 3 (row 1's 2 is below 2.5, row 2's 3 above 2)
        assertThat(m.coverage()).isCloseTo(0.5, within(1e-12));
        assertThat(m.meanWidth()).isCloseTo((2 + 1 + 2 + 2) / 4.0, within(1e-12));
    }

    @Test
    void shouldScaleMaseByTheTrainingSeasonalNaiveError() {
        double[] train = {0, 1, 2, 4, 5, 6};
        // period 3: |4-0| + |5-1| + |6-2| = 12 over 3
        assertThat(ForecastMetrics.maseScale(train, 3)).isCloseTo(4.0, within(1e-12));
        assertThatThrownBy(() -> ForecastMetrics.maseScale(train, 6)).hasMessageContaining("shorter than one season");
    }

    @Test
    void shouldRejectMissingForecasts() {
        double[] one = {1};
        assertThatThrownBy(() -> ForecastMetrics.compute(1, one, new double[] {Double.NaN}, one, one, one, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no forecast for target 0");
    }

    @Test
    void shouldInterpolateEmpiricalQuantiles() {
        double[] v = {4, 1, 3, 2, 5};
        assertThat(Quantiles.quantile(v, 0.0)).isEqualTo(1.0);
        assertThat(Quantiles.quantile(v, 0.5)).isEqualTo(3.0);
        assertThat(Quantiles.quantile(v, 0.1)).isCloseTo(1.4, within(1e-12));
        assertThat(Quantiles.quantile(v, 1.0)).isEqualTo(5.0);
    }

    @Test
    void shouldForecastTheValueOneSeasonBeforeTheTarget() {
        ForecastContext ctx = new ForecastContext(new int[] {1, 3, 5}, 0.8, 4, new long[12], new double[] {0, 1, 2,
            3, 0, 1, 2, 3, 0, 1, 2, 3});
        Forecaster f = SeasonalNaiveForecaster.factory().create(ctx);
        Forecast out = new Forecast(3);
        double[] y = {10, 11, 12, 13, 14, 15};
        for (int t = 0; t < y.length; t++) {
            f.observe(t, y[t], out);
        }
        // origin t = 5: targets 6, 8, 10 → values at 2, 4, 2 (one and two seasons back)
        assertThat(out.mean).containsExactly(12, 14, 12);
        // on a perfectly periodic training split the residuals are 0, so the interval collapses on the forecast
        assertThat(out.lower).containsExactly(12, 14, 12);
        assertThat(out.upper).containsExactly(12, 14, 12);
        assertThat(SeasonalNaiveForecaster.pointForecast(y, 5, 3, 4)).isEqualTo(14);
    }

    @Test
    void shouldGiveTheNaiveForecastAnIntervalFromTrainingResiduals() {
        // training differences at h = 1 are +1 and -3 in turn
        double[] train = {0, 1, -2, -1, -4, -3, -6};
        ForecastContext ctx = new ForecastContext(new int[] {1}, 0.8, 2, new long[train.length], train);
        Forecast out = new Forecast(1);
        NaiveForecaster.factory().create(ctx).observe(0, 5.0, out);
        assertThat(out.mean[0]).isEqualTo(5.0);
        assertThat(out.lower[0]).isCloseTo(5.0 + Quantiles.quantile(new double[] {1, -3, 1, -3, 1, -3}, 0.1),
                within(1e-12));
        assertThat(out.upper[0]).isCloseTo(6.0, within(1e-12));
        assertThat(out.lower[0]).isLessThan(out.mean[0]);
    }
}
