package io.beliefstream.eval.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.beliefstream.eval.Series;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each peer detector scores a spike in otherwise quiet data far above the quiet rows. */
class DetectorSanityTest {

    static Stream<DetectorFactory> peers() {
        return Stream.of(WindowedGaussianDetector.factory(), RandomCutForestDetector.factory());
    }

    /** 2,000 rows of seeded low noise around 10, with a jump to 20 at row 1,500. */
    private static Series noisyWithSpike() {
        Random r = new Random(7);
        int n = 2000;
        String[] text = new String[n];
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            text[i] = "row " + i;
            t[i] = i * 300_000L;
            v[i] = 10 + 0.1 * r.nextGaussian();
        }
        v[1500] = 20;
        return new Series("synthetic/spike.csv", text, t, v);
    }

    @ParameterizedTest
    @MethodSource("peers")
    void shouldScoreASpikeHigherThanEveryQuietRow(DetectorFactory factory) {
        Series s = noisyWithSpike();
        double[] scores = factory.scoreAll(List.of(s), new int[] {300})[0];
        double quietMax = 0;
        for (int i = 300; i < 1500; i++) {
            quietMax = Math.max(quietMax, scores[i]);
        }
        assertThat(scores[1500]).as(factory.name()).isGreaterThan(quietMax);
        for (double x : scores) {
            assertThat(x).isBetween(0.0, 1.0);
        }
    }

    @Test
    void shouldRepeatRandomCutForestScoresForTheSameSeed() {
        Series s = noisyWithSpike();
        double[] a = RandomCutForestDetector.factory().scoreAll(List.of(s), new int[] {300})[0];
        double[] b = RandomCutForestDetector.factory().scoreAll(List.of(s), new int[] {300})[0];
        assertThat(a).containsExactly(b);
    }

    @Test
    void shouldScoreASeriesHoldingBothZerosWithRandomCutForest() {
        // the forest refuses the box [−0.0, 0.0] ("the union is a single point"); a UCR series holds both zeros
        int n = 600;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i % 3 == 0 ? -0.0 : 0.0;
        }
        v[500] = 1.0;
        Series s = new Series("synthetic/zeros.csv", java.util.Collections.nCopies(n, "").toArray(new String[0]), new long[n], v);
        double[] scores = RandomCutForestDetector.factory().scoreAll(List.of(s), new int[] {0})[0];
        assertThat(scores[500]).isGreaterThan(scores[499]);
    }
}
