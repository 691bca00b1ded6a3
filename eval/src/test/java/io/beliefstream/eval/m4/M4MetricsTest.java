package io.beliefstream.eval.m4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The M4 measures on examples small enough to compute by hand. */
class M4MetricsTest {

    @Test
    void shouldComputeSmapeInPercent() {
        // 200·10/210 = 9.5238095…, 200·20/380 = 10.5263157…; mean 10.0250626…
        assertThat(M4Metrics.smape(new double[] {100, 200}, new double[] {110, 180}))
                .isCloseTo(10.025062656641603, within(1e-12));
        // both zero: the term counts 0; a forecast of 0 against a positive value counts the maximum, 200
        assertThat(M4Metrics.smape(new double[] {0, 5}, new double[] {0, 0})).isCloseTo(100, within(1e-12));
    }

    @Test
    void shouldScaleMaseByTheInSampleSeasonalNaiveError() {
        double[] insample = {1, 2, 3, 5, 4, 6};
        // period 2: |3−1| + |5−2| + |4−3| + |6−5| = 7 over 4 differences
        double scale = M4Metrics.scale(insample, 2);
        assertThat(scale).isCloseTo(1.75, within(1e-15));
        // errors 1 and 2: MAE 1.5, over 1.75
        assertThat(M4Metrics.mase(new double[] {7, 8}, new double[] {6, 10}, scale))
                .isCloseTo(1.5 / 1.75, within(1e-15));
        assertThatThrownBy(() -> M4Metrics.scale(new double[] {1, 2}, 2)).hasMessageContaining("period 2");
    }

    @Test
    void shouldPenaliseMissesInMsisByTwoOverAlpha() {
        double[] y = {10, 20, 30};
        double[] lower = {8, 21, 25};
        double[] upper = {12, 25, 28};
        // widths 4 + 4 + 3 = 11; 20 is 1 below its lower bound: 40·1; 30 is 2 above its upper bound: 40·2
        // (11 + 40 + 80) / 3 = 43.666…, over the scale 2
        assertThat(M4Metrics.msis(y, lower, upper, 2, 0.05)).isCloseTo(131.0 / 3 / 2, within(1e-12));
        assertThat(M4Metrics.coverage(y, lower, upper)).isCloseTo(1.0 / 3, within(1e-15));
    }

    @Test
    void shouldAverageTheTwoRatiosToNaive2InOwa() {
        assertThat(M4Metrics.owa(10, 1, 20, 2)).isCloseTo(0.5, within(1e-15));
        assertThat(M4Metrics.owa(20, 1, 20, 2)).isCloseTo(0.75, within(1e-15));
        assertThatThrownBy(() -> M4Metrics.smape(new double[] {1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
