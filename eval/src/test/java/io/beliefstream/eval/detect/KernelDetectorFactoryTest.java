package io.beliefstream.eval.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.beliefstream.eval.Series;
import io.beliefstream.models.baseline.LastValueModel;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A SequenceModel served through batched kernels as a NAB detector. */
class KernelDetectorFactoryTest {

    private static Series series(String name, int n, int spikeAt, long seed) {
        Random r = new Random(seed);
        String[] text = new String[n];
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            text[i] = Integer.toString(i);
            t[i] = i * 60_000L;
            v[i] = 5 + 0.05 * r.nextGaussian();
        }
        if (spikeAt >= 0) {
            v[spikeAt] += 3;
        }
        return new Series(name, text, t, v);
    }

    private static KernelDetectorFactory lastValueSurprise() {
        return new KernelDetectorFactory("lastValueSurprise", new LastValueModel(1, new int[] {1}, 0.8),
                KernelDetectorFactory.RawScore.surprise(0), RankCalibrator::new, OnlineStandardizer::new, 2);
    }

    @Test
    void shouldScoreASpikeHighestThroughTheBatchedKernel() {
        List<Series> corpus = List.of(series("a/x.csv", 800, 600, 1), series("a/y.csv", 500, 400, 2),
                series("b/z.csv", 700, -1, 3));
        double[][] scores = lastValueSurprise().scoreAll(corpus, new int[] {100, 75, 105});
        assertThat(scores[0]).hasSize(800);
        assertThat(scores[1]).hasSize(500);
        for (int s = 0; s < 2; s++) {
            int spike = s == 0 ? 600 : 400;
            double[] a = scores[s];
            // the spike scores the maximum, and (rank-normalised) at most a few other rows tie with it: those that
            // set a new running maximum of the noise early on
            int ties = 0;
            for (int i = 100; i < a.length; i++) {
                if (i != spike && i != spike + 1) {
                    assertThat(a[spike]).as("series %d row %d", s, i).isGreaterThanOrEqualTo(a[i]);
                    ties += a[i] >= a[spike] ? 1 : 0;
                }
            }
            assertThat(ties).as("rows scoring as high as the spike in series %d", s).isLessThanOrEqualTo(a.length / 100);
        }
        for (double[] a : scores) {
            for (double x : a) {
                assertThat(x).isBetween(0.0, 1.0);
            }
        }
    }

    @Test
    void shouldGiveTheSameScoresInLockStepAsOneSeriesAtATime() {
        List<Series> corpus = List.of(series("a/x.csv", 300, 200, 4), series("a/y.csv", 250, 100, 5),
                series("a/w.csv", 280, 150, 6));
        KernelDetectorFactory f = lastValueSurprise();
        double[][] batched = f.scoreAll(corpus, new int[3]);
        for (int s = 0; s < corpus.size(); s++) {
            AnomalyDetector d = f.create(SeriesInfo.of(corpus.get(s), 0));
            Series x = corpus.get(s);
            for (int i = 0; i < x.length(); i++) {
                assertThat(d.score(x.timestamps()[i], x.values()[i])).isCloseTo(batched[s][i], within(1e-12));
            }
        }
    }

    @Test
    void shouldStandardiseEachValueWithThePastOnly() {
        OnlineStandardizer z = new OnlineStandardizer();
        assertThat(z.apply(10)).isZero();
        // one value seen: std 0 → floored, clipped
        assertThat(z.apply(12)).isEqualTo(OnlineStandardizer.DEFAULT_CLIP);
        // seen 10, 12: mean 11, population std 1
        assertThat(z.apply(13)).isCloseTo(2.0, within(1e-12));
        double m = 35.0 / 3;
        double std = Math.sqrt(((10 - m) * (10 - m) + (12 - m) * (12 - m) + (13 - m) * (13 - m)) / 3);
        assertThat(z.apply(11)).isCloseTo((11 - m) / std, within(1e-12));
    }

    @Test
    void shouldRankRawValuesAgainstTheStreamsOwnHistory() {
        RankCalibrator n = new RankCalibrator(10, 5, 1.0);
        for (int i = 0; i < 5; i++) {
            assertThat(n.calibrate(i)).isZero();
        }
        assertThat(n.calibrate(100)).isEqualTo(1.0);
        assertThat(n.calibrate(-1)).isEqualTo(0.0);
        assertThat(n.calibrate(Double.NaN)).isZero();
        assertThat(n.calibrate(2)).isCloseTo((2 + 0.5 + 1) / 7.0, within(1e-12));
    }
}
