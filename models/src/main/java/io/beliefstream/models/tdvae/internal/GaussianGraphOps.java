package io.beliefstream.models.tdvae.internal;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Diagonal-Gaussian terms of the TD-VAE objective as SameDiff ops, shared by every distribution of the model
 * ({@code p_B}, {@code p_T}, {@code p_S}, {@code p_D}).
 */
public final class GaussianGraphOps {
    static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private GaussianGraphOps() {}

    /**
     * {@code Σ_j log N(v_j; mean_j, std_j²) = Σ_j [-(v_j - mean_j)² / (2 std_j²) - log std_j - ½ log 2π]} over
     * the {@code width} columns: {@code [M]}.
     */
    public static SDVariable logDensity(SameDiff sd, SDVariable v, SDVariable mean, SDVariable std, int width) {
        SDVariable zsc = v.sub(mean).div(std);
        return sumColumns(sd, zsc.mul(zsc).mul(-0.5).sub(sd.math.log(std)).sub(HALF_LOG_2PI), width);
    }

    /**
     * Log-density of a reparameterised sample {@code mean + std·eps} under its own distribution:
     * {@code Σ_j [-eps_j²/2 - log std_j - ½ log 2π]}: {@code [M]}.
     */
    public static SDVariable logDensityOfSample(SameDiff sd, SDVariable eps, SDVariable std, int width) {
        return sumColumns(sd, eps.mul(eps).mul(-0.5).sub(sd.math.log(std)).sub(HALF_LOG_2PI), width);
    }

    /**
     * Closed-form {@code KL(N(m1, s1²) || N(m2, s2²)) = Σ_j [log(s2_j/s1_j) + (s1_j² + (m1_j - m2_j)²) / (2 s2_j²)
     * - ½]}: {@code [M]}.
     */
    public static SDVariable kl(SameDiff sd, SDVariable m1, SDVariable s1, SDVariable m2, SDVariable s2,
            int width) {
        SDVariable d = m1.sub(m2);
        return sumColumns(sd, sd.math.log(s2.div(s1)).add(s1.mul(s1).add(d.mul(d)).div(s2.mul(s2).mul(2)))
                .sub(0.5), width);
    }

    /**
     * Row sums of {@code v [M, width]} as {@code [M]}. A reduction over a dimension of size 1 fails inside
     * SameDiff 1.0.0-M2.1 ({@code BaseReduceOp.noOp} NPE), so width 1 is a reshape instead.
     */
    public static SDVariable sumColumns(SameDiff sd, SDVariable v, int width) {
        return width == 1 ? sd.reshape(v, -1) : v.sum(1);
    }
}
