package io.beliefstream.models.tdvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.beliefstream.models.stats.Gaussians;
import io.beliefstream.models.tdvae.internal.GaussianGraphOps;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The diagonal-Gaussian terms every TD-VAE distribution (p_B, p_T, p_S, p_D) uses, against closed forms and MC. */
class GaussianGraphOpsTest {
    private static final double[][] MEAN = {{0.3, -1.2, 2.0}, {0.0, 0.5, -0.7}};
    private static final double[][] STD = {{0.5, 1.3, 0.2}, {2.0, 0.9, 1.1}};

    private static SDVariable c(SameDiff sd, String n, double[][] v) {
        return sd.constant(n, Nd4j.createFromArray(v));
    }

    @Test
    void shouldMatchTheClosedFormLogDensityPerRow() {
        double[][] x = {{0.1, -0.2, 2.5}, {3.0, 0.5, -0.1}};
        SameDiff sd = SameDiff.create();
        SDVariable out = GaussianGraphOps.logDensity(sd, c(sd, "x", x), c(sd, "m", MEAN), c(sd, "s", STD), 3);
        INDArray r = out.eval();
        for (int row = 0; row < 2; row++) {
            double expected = 0;
            for (int j = 0; j < 3; j++) {
                expected -= Gaussians.nll(x[row][j], MEAN[row][j], STD[row][j]);
            }
            assertThat(r.getDouble(row)).isCloseTo(expected, within(1e-9));
        }
    }

    @Test
    void shouldHandleSingleColumnDistributions() {
        SameDiff sd = SameDiff.create();
        SDVariable out = GaussianGraphOps.logDensity(sd, c(sd, "x", new double[][] {{1.0}, {2.0}}),
                c(sd, "m", new double[][] {{0.0}, {2.5}}), c(sd, "s", new double[][] {{1.0}, {0.5}}), 1);
        INDArray r = out.eval();
        assertThat(r.getDouble(0)).isCloseTo(-Gaussians.nll(1, 0, 1), within(1e-9));
        assertThat(r.getDouble(1)).isCloseTo(-Gaussians.nll(2, 2.5, 0.5), within(1e-9));
    }

    @Test
    void shouldGiveTheDensityOfAReparameterisedSample() {
        double[][] eps = {{0.4, -1.0, 0.0}, {1.5, 0.2, -0.3}};
        SameDiff sd = SameDiff.create();
        INDArray r = GaussianGraphOps.logDensityOfSample(sd, c(sd, "e", eps), c(sd, "s", STD), 3).eval();
        for (int row = 0; row < 2; row++) {
            double expected = 0;
            for (int j = 0; j < 3; j++) {
                double sample = MEAN[row][j] + STD[row][j] * eps[row][j];
                expected -= Gaussians.nll(sample, MEAN[row][j], STD[row][j]);
            }
            assertThat(r.getDouble(row)).isCloseTo(expected, within(1e-9));
        }
    }

    @Test
    void shouldMatchTheKlClosedFormAndAMonteCarloEstimate() {
        double[][] m2 = {{1.0, -1.0, 1.5}, {0.2, 0.0, 0.0}};
        double[][] s2 = {{1.0, 0.7, 0.6}, {1.5, 1.0, 2.0}};
        SameDiff sd = SameDiff.create();
        INDArray r = GaussianGraphOps.kl(sd, c(sd, "m1", MEAN), c(sd, "s1", STD), c(sd, "m2", m2), c(sd, "s2", s2), 3)
                .eval();
        SplittableRandom rnd = new SplittableRandom(1);
        for (int row = 0; row < 2; row++) {
            double closed = 0;
            for (int j = 0; j < 3; j++) {
                double a = STD[row][j];
                double b = s2[row][j];
                double d = MEAN[row][j] - m2[row][j];
                closed += Math.log(b / a) + (a * a + d * d) / (2 * b * b) - 0.5;
            }
            assertThat(r.getDouble(row)).isCloseTo(closed, within(1e-9));
            // Monte Carlo: E_{z ~ q}[log q(z) - log p(z)]
            int n = 200_000;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 3; j++) {
                    double u1 = 1 - rnd.nextDouble();
                    double e = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rnd.nextDouble());
                    double z = MEAN[row][j] + STD[row][j] * e;
                    sum += Gaussians.nll(z, m2[row][j], s2[row][j]) - Gaussians.nll(z, MEAN[row][j], STD[row][j]);
                }
            }
            assertThat(r.getDouble(row)).isCloseTo(sum / n, within(0.03));
        }
    }

    @Test
    void shouldGiveZeroKlBetweenEqualDistributions() {
        SameDiff sd = SameDiff.create();
        INDArray r = GaussianGraphOps.kl(sd, c(sd, "m1", MEAN), c(sd, "s1", STD), c(sd, "m2", MEAN), c(sd, "s2", STD),
                3).eval();
        assertThat(r.getDouble(0)).isCloseTo(0.0, within(1e-12));
        assertThat(r.getDouble(1)).isCloseTo(0.0, within(1e-12));
    }
}
