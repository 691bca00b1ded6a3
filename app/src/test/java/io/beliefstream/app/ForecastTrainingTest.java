package io.beliefstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.beliefstream.eval.forecast.ForecastEvaluation;
import io.beliefstream.models.baseline.LastValueModel;
import io.beliefstream.models.tdvae.TdVaeTrainingConfig;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ForecastTrainingTest {

    /** A random walk with a daily cycle, split 600 / 200 / 200 rows. */
    private static ForecastEvaluation.Prepared series() {
        SplittableRandom rnd = new SplittableRandom(3);
        double[] y = new double[1000];
        long[] t = new long[y.length];
        double level = 0;
        for (int i = 0; i < y.length; i++) {
            level += 0.1 * (rnd.nextDouble() - 0.5);
            y[i] = level + Math.sin(2 * Math.PI * i / 24.0);
            t[i] = i * 3_600_000L;
        }
        return new ForecastEvaluation.Prepared(t, y, 600, 800, 1000, 0, 1);
    }

    @Test
    void shouldScoreTheLastValueModelExactlyLikeTheNaiveForecast() {
        ForecastEvaluation.Prepared p = series();
        int[] horizons = {1, 6, 24};
        double[][] mae = ForecastTraining.validationMae(new LastValueModel(1, horizons, 0.8), p, horizons, 24);
        for (int i = 0; i < horizons.length; i++) {
            assertThat(mae[0][i]).isCloseTo(mae[1][i], within(1e-5));
        }
        // seasonal naive forecasts a target by the value 24 rows before it at every h <= 24; the cycle favours it
        assertThat(mae[2][0]).isEqualTo(mae[2][2]);
        assertThat(mae[2][1]).isEqualTo(mae[2][2]);
        assertThat(mae[2][2]).isCloseTo(mae[1][2], within(1e-12));
        assertThat(mae[2][1]).isLessThan(mae[1][1]);
    }

    @Test
    void shouldOnlyScoreValidationTargets() {
        ForecastEvaluation.Prepared p = series();
        int[] horizons = {1};
        double[] y = p.y();
        double expected = 0;
        for (int target = 600; target < 800; target++) {
            expected += Math.abs(y[target] - y[target - 1]);
        }
        expected /= 200;
        double[][] mae = ForecastTraining.validationMae(new LastValueModel(1, horizons, 0.8), p, horizons, 24);
        assertThat(mae[1][0]).isCloseTo(expected, within(1e-12));
    }

    @Test
    void shouldCoverTheLargestHorizonWithJumpsAndTheDailyCycleWithTheWindow() {
        TdVaeTrainingConfig c = ForecastTraining.trainingConfig(24, 1, null);
        assertThat(c.longJumpMax()).isGreaterThanOrEqualTo(24);
        assertThat(c.windowLength()).isGreaterThanOrEqualTo(48);
        assertThat(c.warmupBeta((long) ForecastTraining.EPOCHS * ForecastTraining.STEPS_PER_EPOCH)).isLessThan(0.2);
        assertThat(ForecastTraining.trainingConfig(48, 1, null).longJumpMax()).isEqualTo(48);
    }
}
