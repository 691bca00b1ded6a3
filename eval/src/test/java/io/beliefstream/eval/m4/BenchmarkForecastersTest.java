package io.beliefstream.eval.m4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.beliefstream.eval.forecast.Forecast;
import io.beliefstream.eval.forecast.ForecastContext;
import io.beliefstream.eval.forecast.Forecaster;
import io.beliefstream.eval.forecast.ForecasterFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Naive2 and Theta on series whose forecasts are known in closed form. */
class BenchmarkForecastersTest {

    private static Forecast streamed(ForecasterFactory factory, double[] x, int period, int horizon) {
        long[] ts = new long[x.length];
        ForecastContext ctx = new ForecastContext(ForecastContext.steps(horizon), 0.95, period, ts, x);
        Forecaster f = factory.create(ctx);
        Forecast out = new Forecast(horizon);
        for (int t = 0; t < x.length; t++) {
            out.clear();
            out.scored = t == x.length - 1;
            f.observe(t, x[t], out);
            if (!out.scored) {
                assertThat(out.mean[0]).isNaN();
            }
        }
        return out;
    }

    @Test
    void shouldContinueTheSeasonalPatternWithNaive2() {
        double[] s = {0.8, 1.2, 1.1, 0.9};
        double[] x = new double[22];
        for (int t = 0; t < x.length; t++) {
            x[t] = 10 * s[t % 4];
        }
        Forecast out = streamed(Naive2Forecaster.factory(), x, 4, 6);
        for (int h = 1; h <= 6; h++) {
            assertThat(out.mean[h - 1]).isCloseTo(10 * s[(x.length - 1 + h) % 4], within(1e-9));
            // the pattern repeats exactly, so every in-sample error is 0 and so is the interval's width
            assertThat(out.upper[h - 1] - out.lower[h - 1]).isCloseTo(0, within(1e-9));
        }
    }

    @Test
    void shouldForecastALinearTrendWithHalfItsSlopeWithTheta() {
        // a_t = 5 + 2t, too short for the seasonality test: the theta-2 line is the series itself, SES follows it
        // (α at its upper bound), and the forecast is ½ a_n + ½ (a_n + 2h) = a_n + h
        double[] x = new double[30];
        for (int t = 0; t < x.length; t++) {
            x[t] = 5 + 2 * (t + 1);
        }
        Forecast out = streamed(ThetaForecaster.factory(), x, 24, 5);
        for (int h = 1; h <= 5; h++) {
            assertThat(out.mean[h - 1]).isCloseTo(x[29] + h, within(1e-2));
        }
    }

    @Test
    void shouldFindTheInitialLevelThatMinimisesTheOneStepErrors() {
        Random r = new Random(11);
        double[] y = new double[50];
        double level = 3;
        for (int t = 0; t < y.length; t++) {
            level += 0.3 * r.nextGaussian();
            y[t] = level + r.nextGaussian();
        }
        double[] best = ThetaForecaster.bestLevel0(y, 0.3);
        for (double d : new double[] {-0.01, 0.01}) {
            double sse = 0;
            double l = best[0] + d;
            for (double v : y) {
                sse += (v - l) * (v - l);
                l += 0.3 * (v - l);
            }
            assertThat(sse).isGreaterThan(best[1]);
        }
        ThetaForecaster.Ses fit = ThetaForecaster.fitSes(y);
        for (double alpha : new double[] {0.05, 0.2, 0.5, 0.9}) {
            assertThat(ThetaForecaster.bestLevel0(y, fit.alpha())[1])
                    .isLessThanOrEqualTo(ThetaForecaster.bestLevel0(y, alpha)[1]);
        }
    }
}
