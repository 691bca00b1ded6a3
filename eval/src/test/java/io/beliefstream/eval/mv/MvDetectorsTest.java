package io.beliefstream.eval.mv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MvDetectorsTest {

    /**
     * A 3-dimensional Gaussian stream with a jump in dimension 1 at the last row; the peak must beat every score
     * after the first 100 rows (the windowed Gaussian's first windows are tiny and score wildly).
     */
    private static double peakScoreAndBlame(MvDetector d, double[] perDim) {
        Random r = new Random(7);
        double before = 0;
        for (int i = 0; i < 600; i++) {
            double s = d.score(new double[] {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()}, perDim);
            before = i < 100 ? before : Math.max(before, s);
        }
        double peak = d.score(new double[] {0, 12, 0}, perDim);
        assertThat(peak).isGreaterThan(before);
        return peak;
    }

    @Test
    void shouldBlameTheJumpingDimensionWithRandomCutForest() {
        double[] perDim = new double[3];
        peakScoreAndBlame(MvDetectors.randomCutForest().create(3), perDim);
        assertThat(perDim[1]).isGreaterThan(perDim[0]).isGreaterThan(0);
        assertThat(perDim[1]).isGreaterThan(perDim[2]);
    }

    @Test
    void shouldBlameTheJumpingDimensionWithWindowedGaussian() {
        double[] perDim = new double[3];
        double peak = peakScoreAndBlame(MvDetectors.windowedGaussian().create(3), perDim);
        assertThat(peak).isEqualTo(perDim[1]);
        assertThat(perDim[1]).isGreaterThan(8);
        assertThat(perDim[0]).isLessThan(1);
        assertThat(perDim[2]).isLessThan(1);
    }

    @Test
    void shouldScoreTheSameWhetherOrNotAttributionIsAsked() {
        MvDetector withBlame = MvDetectors.randomCutForest().create(3);
        MvDetector scoreOnly = MvDetectors.randomCutForest().create(3);
        Random r = new Random(11);
        double[] perDim = new double[3];
        for (int i = 0; i < 400; i++) {
            double[] x = {r.nextGaussian(), r.nextGaussian(), 3 * r.nextGaussian()};
            double a = withBlame.score(x, perDim);
            double b = scoreOnly.score(x, null);
            // RCF's attribution sums to its score; the walks add in different orders over float32 boxes (seen: 4e-9)
            assertThat(a).isCloseTo(b, org.assertj.core.api.Assertions.within(1e-6 * Math.max(1, Math.abs(b))));
        }
    }
}
