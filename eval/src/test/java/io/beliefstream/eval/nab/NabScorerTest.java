package io.beliefstream.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.beliefstream.eval.nab.internal.Sweeper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NAB's scoring rules on small hand-made files (probation off unless a test says otherwise). */
class NabScorerTest {
    private static final CostMatrix UNIT = new CostMatrix(1.0, 1.0, 1.0, 1.0);
    private static final double MAX_TP = 2 / (1 + Math.exp(-5)) - 1;

    /** Timestamps 0, 1, ..., n-1 minutes. */
    private static long[] minutes(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 60_000L;
        }
        return t;
    }

    private static LabelWindow window(int from, int to) {
        return new LabelWindow(from * 60_000L, to * 60_000L, "minute " + from);
    }

    private static double[] detectionsAt(int n, int... rows) {
        double[] a = new double[n];
        for (int r : rows) {
            a[r] = 1.0;
        }
        return a;
    }

    @Test
    void shouldMapRelativePositionsThroughTheScaledSigmoid() {
        assertThat(Sweeper.scaledSigmoid(-1.0)).isCloseTo(0.98661, within(1e-5));
        assertThat(Sweeper.scaledSigmoid(-0.5)).isCloseTo(0.84828, within(1e-5));
        assertThat(Sweeper.scaledSigmoid(0.0)).isEqualTo(0.0);
        assertThat(Sweeper.scaledSigmoid(1.0)).isCloseTo(-0.98661, within(1e-5));
        assertThat(Sweeper.scaledSigmoid(3.0)).isGreaterThan(-1.0);
        assertThat(Sweeper.scaledSigmoid(3.0001)).isEqualTo(-1.0);
    }

    @Test
    void shouldScoreZeroWithoutWindowsOrDetections() {
        NabScorer scorer = new NabScorer(0.0);
        FileSweep f = scorer.sweep("f", minutes(10), new double[10], List.of());
        ThresholdScore s = scorer.score(f, UNIT, 0.5);
        assertThat(s.score()).isEqualTo(0.0);
        assertThat(s.tn()).isEqualTo(10);
        assertThat(s.tp() + s.fp() + s.fn()).isZero();
    }

    @Test
    void shouldChargeFnWeightForAMissedWindowAndCountItsRowsAsFalseNegatives() {
        NabScorer scorer = new NabScorer(0.0);
        FileSweep f = scorer.sweep("f", minutes(100), new double[100], List.of(window(40, 49)));
        ThresholdScore s = scorer.score(f, new CostMatrix(1.0, 0.11, 2.0, 1.0), 0.5);
        assertThat(s.score()).isEqualTo(-2.0);
        assertThat(s.fn()).isEqualTo(10);
        assertThat(s.tn()).isEqualTo(90);
    }

    @Test
    void shouldGiveFullTpWeightToADetectionAtTheLeftEdgeOfAWindow() {
        NabScorer scorer = new NabScorer(0.0);
        FileSweep f = scorer.sweep("f", minutes(100), detectionsAt(100, 40), List.of(window(40, 49)));
        ThresholdScore s = scorer.score(f, UNIT, 0.5);
        assertThat(s.score()).isCloseTo(1.0, within(1e-12));
        assertThat(s.tp()).isEqualTo(1);
        assertThat(s.fn()).isEqualTo(9);
    }

    @Test
    void shouldCountOnlyTheEarliestDetectionInAWindowAndRewardEarlinessMore() {
        NabScorer scorer = new NabScorer(0.0);
        List<LabelWindow> w = List.of(window(40, 49));
        // row 45 in a window of width 10 ending at 49: y = -(49 - 45 + 1)/10 = -0.5
        double late = scorer.score(scorer.sweep("f", minutes(100), detectionsAt(100, 45), w), UNIT, 0.5).score();
        assertThat(late).isCloseTo(Sweeper.scaledSigmoid(-0.5) / MAX_TP, within(1e-12));
        ThresholdScore both = scorer.score(scorer.sweep("f", minutes(100), detectionsAt(100, 42, 45), w), UNIT, 0.5);
        assertThat(both.score()).isCloseTo(Sweeper.scaledSigmoid(-0.8) / MAX_TP, within(1e-12));
        assertThat(both.score()).isGreaterThan(late);
        assertThat(both.tp()).isEqualTo(2);
    }

    @Test
    void shouldChargeFalsePositivesByTheirDistancePastThePrecedingWindow() {
        NabScorer scorer = new NabScorer(0.0);
        List<LabelWindow> w = List.of(window(40, 49));
        CostMatrix costs = new CostMatrix(1.0, 0.11, 1.0, 1.0);
        // before any window: -fpWeight; the missed window adds -fnWeight
        ThresholdScore early = scorer.score(scorer.sweep("f", minutes(100), detectionsAt(100, 10), w), costs, 0.5);
        assertThat(early.score()).isCloseTo(-0.11 - 1.0, within(1e-12));
        assertThat(early.fp()).isEqualTo(1);
        // 5 rows past the right edge of a width-10 window: d = 5/9
        ThresholdScore near = scorer.score(scorer.sweep("f", minutes(100), detectionsAt(100, 54), w), costs, 0.5);
        assertThat(near.score()).isCloseTo(0.11 * Sweeper.scaledSigmoid(5.0 / 9) - 1.0, within(1e-12));
        // far past (d > 3): the full -fpWeight
        ThresholdScore far = scorer.score(scorer.sweep("f", minutes(100), detectionsAt(100, 90), w), costs, 0.5);
        assertThat(far.score()).isCloseTo(-0.11 - 1.0, within(1e-12));
        assertThat(near.score()).isGreaterThan(far.score());
    }

    @Test
    void shouldIgnoreDetectionsInTheProbationaryPeriod() {
        NabScorer scorer = new NabScorer(); // 15%: 15 of 100 rows
        assertThat(scorer.probationaryRows(100)).isEqualTo(15);
        assertThat(scorer.probationaryRows(10_000)).isEqualTo(750);
        FileSweep f = scorer.sweep("f", minutes(100), detectionsAt(100, 3, 14), List.of(window(40, 49)));
        ThresholdScore s = scorer.score(f, UNIT, 0.5);
        assertThat(s.fp()).isZero();
        assertThat(s.total()).isEqualTo(85);
        assertThat(s.score()).isEqualTo(-1.0);
    }

    @Test
    void shouldTreatScoresAtTheThresholdAsDetections() {
        NabScorer scorer = new NabScorer(0.0);
        double[] a = new double[100];
        a[40] = 0.7;
        FileSweep f = scorer.sweep("f", minutes(100), a, List.of(window(40, 49)));
        assertThat(scorer.score(f, UNIT, 0.7).tp()).isEqualTo(1);
        assertThat(scorer.score(f, UNIT, 0.70001).tp()).isZero();
    }

    @Test
    void shouldOptimiseTheThresholdOverTheWholeCorpus() {
        NabScorer scorer = new NabScorer(0.0);
        // file a: the window starts at 40 with score 0.8; a false alarm at 10 scores 0.6
        double[] a = new double[100];
        a[40] = 0.8;
        a[10] = 0.6;
        // file b: its window's first row scores 0.7, a false alarm at 80 scores 0.9
        double[] b = new double[100];
        b[20] = 0.7;
        b[80] = 0.9;
        List<FileSweep> corpus = List.of(scorer.sweep("a", minutes(100), a, List.of(window(40, 49))),
                scorer.sweep("b", minutes(100), b, List.of(window(20, 29))));
        CostMatrix costs = new CostMatrix(1.0, 0.11, 1.0, 1.0);
        ThresholdScore best = scorer.optimize(corpus, costs);
        // at 0.7 both windows are caught at their left edge, with b's late false alarm (d = 51/9 > 3: -0.11)
        assertThat(best.threshold()).isEqualTo(0.7);
        assertThat(best.score()).isCloseTo(2.0 - 0.11, within(1e-12));
        assertThat(scorer.scoreCorpus(corpus, costs, 0.7).score()).isCloseTo(best.score(), within(1e-12));
        // the null detector misses both windows
        assertThat(scorer.nullScore(corpus, costs).score()).isEqualTo(-2.0);
        assertThat(NabScorer.normalize(best.score(), -2.0, NabScorer.perfectScore(2, costs)))
                .isCloseTo(100 * (3.89 / 4.0), within(1e-9));
    }

    @Test
    void shouldRejectScoresOutsideTheUnitIntervalAndWindowsOffTheTimeline() {
        NabScorer scorer = new NabScorer(0.0);
        double[] bad = new double[10];
        bad[3] = 1.5;
        assertThatThrownBy(() -> scorer.sweep("f", minutes(10), bad, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 3");
        assertThatThrownBy(() -> scorer.sweep("f", minutes(10), new double[10],
                List.of(new LabelWindow(30_000L, 120_000L, "half a minute"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a timestamp");
        assertThatThrownBy(() -> new NabScorer(1.0)).hasMessageContaining("probationPercent");
    }
}
