package io.beliefstream.eval.m4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The M4 seasonality test and the classical multiplicative decomposition, against figures computed by hand. */
class ClassicalDecompositionTest {

    @Test
    void shouldComputeAutocorrelationsAsR() {
        // deviations from the mean 2: −1, 0, 1 three times; Σd² = 6
        double[] x = {1, 2, 3, 1, 2, 3, 1, 2, 3};
        assertThat(ClassicalDecomposition.acf(x, 1)).isCloseTo(-2.0 / 6, within(1e-15));
        assertThat(ClassicalDecomposition.acf(x, 2)).isCloseTo(-3.0 / 6, within(1e-15));
        assertThat(ClassicalDecomposition.acf(x, 3)).isCloseTo(4.0 / 6, within(1e-15));
    }

    @Test
    void shouldApplyTheNinetyPercentTestWithBartlettsStandardError() {
        // three periods: r₃ = 0.667 against 1.645·√((1 + 2(1/9 + 1/4)) / 9) = 0.7196: not seasonal
        assertThat(ClassicalDecomposition.isSeasonal(new double[] {1, 2, 3, 1, 2, 3, 1, 2, 3}, 3)).isFalse();
        // four periods: r₃ = 6/8 = 0.75 against 1.645·√((1 + 2(9/64 + 1/4)) / 12) = 0.6338: seasonal
        assertThat(ClassicalDecomposition.isSeasonal(new double[] {1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3}, 3)).isTrue();
        // fewer than three periods: never seasonal
        assertThat(ClassicalDecomposition.isSeasonal(new double[] {1, 2, 3, 1, 2}, 3)).isFalse();
        // white noise, seed 7: not seasonal, indices all 1
        Random r = new Random(7);
        double[] noise = new double[240];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = 100 + r.nextGaussian();
        }
        assertThat(ClassicalDecomposition.isSeasonal(noise, 24)).isFalse();
        assertThat(ClassicalDecomposition.seasonalIndices(noise, 24)).containsOnly(1.0);
    }

    @Test
    void shouldRecoverMultiplicativeIndicesAroundAFlatTrend() {
        double[] s = {0.8, 1.2, 1.1, 0.9};
        double[] x = new double[20];
        for (int t = 0; t < x.length; t++) {
            x[t] = 10 * s[t % 4];
        }
        // the 2×4 moving average of a period-4 pattern of mean 1 is exactly 10; each x/trend is its index
        double[] figure = ClassicalDecomposition.seasonalIndices(x, 4);
        for (int k = 0; k < 4; k++) {
            assertThat(figure[k]).isCloseTo(s[k], within(1e-12));
        }
        // an odd period: a plain centred average of 3
        double[] s3 = {0.5, 1.5, 1.0};
        double[] y = new double[15];
        for (int t = 0; t < y.length; t++) {
            y[t] = 4 * s3[t % 3];
        }
        double[] f3 = ClassicalDecomposition.seasonalIndices(y, 3);
        for (int k = 0; k < 3; k++) {
            assertThat(f3[k]).isCloseTo(s3[k], within(1e-12));
        }
    }
}
