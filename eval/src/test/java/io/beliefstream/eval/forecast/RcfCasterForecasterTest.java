package io.beliefstream.eval.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** RCFCaster's warm-up: skipping rows long before the first scored origin. */
class RcfCasterForecasterTest {

    /** Streams a noisy daily cycle (seed 4) through the forecaster, scoring from row 400; the scored forecasts. */
    private static double[][] run(ForecasterFactory factory) {
        Random r = new Random(4);
        double[] y = new double[460];
        for (int t = 0; t < y.length; t++) {
            y[t] = Math.sin(2 * Math.PI * t / 24) + 0.1 * r.nextGaussian();
        }
        ForecastContext ctx = new ForecastContext(new int[] {1, 6}, 0.8, 24, new long[] {0, 3_600_000L},
                new double[] {0, 0});
        Forecaster f = factory.create(ctx);
        Forecast out = new Forecast(2);
        double[][] scored = new double[y.length - 400][];
        for (int t = 0; t < y.length; t++) {
            out.clear();
            out.scored = t >= 400;
            f.observe(t * 3_600_000L, y[t], out);
            if (out.scored) {
                scored[t - 400] = new double[] {out.mean[0], out.lower[0], out.upper[0], out.mean[1]};
            }
        }
        return scored;
    }

    @Test
    void shouldForecastExactlyAsTheFullStreamWhenTheWarmUpCoversEveryRow() {
        double[][] full = run(RcfCasterForecaster.factory());
        assertThat(run(RcfCasterForecaster.factory(400))).isDeepEqualTo(full);
        // a shorter warm-up still forecasts every scored origin
        for (double[] row : run(RcfCasterForecaster.factory(200))) {
            assertThat(row).doesNotContain(Double.NaN);
        }
    }
}
