package io.beliefstream.eval.mv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MvMetricsTest {
    private static final double TOL = 1e-12;

    private static boolean[] labels(String s) {
        boolean[] b = new boolean[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = s.charAt(i) == '1';
        }
        return b;
    }

    private static double[] scores(String s) {
        double[] d = new double[s.length()];
        for (int i = 0; i < d.length; i++) {
            d[i] = s.charAt(i) - '0';
        }
        return d;
    }

    @Test
    void shouldFindEventsAsMaximalLabelledRuns() {
        assertThat(MvMetrics.events(labels("0110001011"))).isDeepEqualTo(new int[][] {{1, 3}, {6, 7}, {8, 10}});
        assertThat(MvMetrics.events(labels("0000"))).isEmpty();
    }

    @Test
    void shouldCountAnEventFoundOnceAndConsecutiveOutsideAlertsAsOneFalseAlarm() {
        // events: [2,5) and [8,9); alerts (score >= 1): rows 0,1 (one false alarm), 3,4 (event 1 found once),
        // row 6 (second false alarm); the event at 8 is missed
        var c = MvMetrics.eventCounts(labels("0011100010"), scores("1101101000"), 1);
        assertThat(c.found()).isEqualTo(1);
        assertThat(c.events()).isEqualTo(2);
        assertThat(c.falseAlarms()).isEqualTo(2);
        assertThat(c.precision()).isCloseTo(1.0 / 3, within(TOL));
        assertThat(c.recall()).isCloseTo(0.5, within(TOL));
        assertThat(c.f1()).isCloseTo(2 * (1.0 / 3) * 0.5 / (1.0 / 3 + 0.5), within(TOL));
    }

    @Test
    void shouldSplitAnAlertRunThatOverhangsAnEventIntoAFalseAlarmOnEachSide() {
        var c = MvMetrics.eventCounts(labels("00110"), scores("11111"), 1);
        assertThat(c.found()).isEqualTo(1);
        assertThat(c.falseAlarms()).isEqualTo(2);
    }

    @Test
    void shouldScoreZeroWhenNothingAlerts() {
        var c = MvMetrics.eventCounts(labels("0110"), scores("0000"), 1);
        assertThat(c.precision()).isZero();
        assertThat(c.recall()).isZero();
        assertThat(c.f1()).isZero();
    }

    @Test
    void shouldSumCountsOverStreamsAndPickTheThresholdOfBestF1() {
        // stream a: event at rows 2-3 scores 5; a noise peak of 3 at row 0. stream b: event at row 1 scores 4.
        List<boolean[]> l = List.of(labels("0011"), labels("010"));
        List<double[]> s = List.of(new double[] {3, 0, 5, 5}, new double[] {0, 4, 1});
        MvMetrics.Best best = MvMetrics.bestThreshold(l, s, 10);
        assertThat(best.threshold()).isEqualTo(4.0);
        assertThat(best.counts().found()).isEqualTo(2);
        assertThat(best.counts().events()).isEqualTo(2);
        assertThat(best.counts().falseAlarms()).isZero();
        assertThat(best.counts().f1()).isCloseTo(1.0, within(TOL));
    }

    @Test
    void shouldComputeAveragePrecisionAsScikitLearnDoes() {
        // sklearn.metrics.average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.8333...
        double ap = MvMetrics.averagePrecision(List.of(labels("0011")), List.of(new double[] {0.1, 0.4, 0.35, 0.8}));
        assertThat(ap).isCloseTo(5.0 / 6, within(TOL));
    }

    @Test
    void shouldLetTiedRowsEnterAveragePrecisionTogether() {
        // all scores tied: one threshold, precision 2/4 at recall 1
        double ap = MvMetrics.averagePrecision(List.of(labels("0101")), List.of(new double[] {1, 1, 1, 1}));
        assertThat(ap).isCloseTo(0.5, within(TOL));
    }

    @Test
    void shouldCountBlamedDimensionsAmongTheTopRanked() {
        double[] perDim = {0.9, 0.1, 0.8, 0.7, 0.0};
        int[] blamed = {2, 4};
        // @100%: top 2 = {0, 2}: one hit of two
        assertThat(MvMetrics.hitRate(perDim, blamed, 1.0)).isCloseTo(0.5, within(TOL));
        // @150%: top floor(3) = {0, 2, 3}: still one hit
        assertThat(MvMetrics.hitRate(perDim, blamed, 1.5)).isCloseTo(0.5, within(TOL));
        // three blamed, @150% = top 4 = {0, 2, 3, 1}
        assertThat(MvMetrics.hitRate(perDim, new int[] {1, 3, 4}, 1.5)).isCloseTo(2.0 / 3, within(TOL));
    }

    @Test
    void shouldBreakTiesInTheRankingByLowerDimension() {
        assertThat(MvMetrics.hitRate(new double[] {1, 1, 1}, new int[] {1}, 1.0)).isZero();
        assertThat(MvMetrics.hitRate(new double[] {1, 1, 1}, new int[] {0}, 1.0)).isCloseTo(1.0, within(TOL));
    }
}
