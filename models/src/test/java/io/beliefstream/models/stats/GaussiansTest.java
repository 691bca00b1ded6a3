package io.beliefstream.models.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaussiansTest {

    @Test
    void shouldMatchKnownNormalQuantiles() {
        assertThat(Gaussians.inverseStandardCdf(0.5)).isCloseTo(0.0, within(1e-7));
        assertThat(Gaussians.inverseStandardCdf(0.975)).isCloseTo(1.959963985, within(1e-6));
        assertThat(Gaussians.inverseStandardCdf(0.9)).isCloseTo(1.281551566, within(1e-6));
        assertThat(Gaussians.inverseStandardCdf(0.001)).isCloseTo(-3.090232306, within(1e-5));
        assertThat(Gaussians.centralIntervalZ(0.8)).isCloseTo(1.281551566, within(1e-6));
    }

    @Test
    void shouldComputeTheNegativeLogDensityInClosedForm() {
        // N(0,1) at 0: 0.5·log(2π)
        assertThat(Gaussians.nll(0, 0, 1)).isCloseTo(0.9189385332, within(1e-9));
        // N(1, 2²) at 3: 0.5·log(2π) + log 2 + 0.5
        assertThat(Gaussians.nll(3, 1, 2)).isCloseTo(0.9189385332 + Math.log(2) + 0.5, within(1e-9));
    }

    @Test
    void shouldComputeTheStandardCdf() {
        assertThat(Gaussians.standardCdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(Gaussians.standardCdf(1.959963985)).isCloseTo(0.975, within(1e-7));
        assertThat(Gaussians.standardCdf(-3)).isCloseTo(0.001349898, within(1e-7));
    }

    @Test
    void shouldComputeTheUpperTailToNearDoublePrecision() {
        // Q(z) = erfc(z / √2) / 2 from mpmath 1.3.0 at 30 significant digits, rounded to double
        double[][] reference = {{0.5, 0.3085375387259869}, {1, 0.15865525393145705}, {2, 0.02275013194817921},
            {3, 0.0013498980316300946}, {5, 2.866515718791939e-07}, {6, 9.86587645037698e-10},
            {10, 7.619853024160525e-24}};
        for (double[] r : reference) {
            assertThat(Gaussians.upperTail(r[0]) / r[1]).as("Q(%s)", r[0]).isCloseTo(1.0, within(1e-13));
            assertThat(Gaussians.upperTail(-r[0]) + r[1]).as("Q(-%s) + Q(%s)", r[0], r[0]).isCloseTo(1.0, within(1e-15));
        }
        assertThat(Gaussians.upperTail(0)).isEqualTo(0.5);
        assertThat(Gaussians.upperTail(60)).isEqualTo(0.0);
        assertThat(Gaussians.upperTail(Double.NaN)).isNaN();
    }
}
