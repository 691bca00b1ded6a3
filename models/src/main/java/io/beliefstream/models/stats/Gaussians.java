package io.beliefstream.models.stats;

import org.apache.commons.math3.special.Erf;

/**
 * The project's one set of normal-distribution functions, for the models and the evaluation: log-density, CDF, tail
 * and quantiles of univariate Gaussians.
 *
 * <p>Two precisions, on purpose. {@link #upperTail} is Commons Math's complementary error function (a continued
 * fraction of the regularised incomplete gamma function, to about 1e-15), for the evaluation's peers, whose reference
 * implementations compute the tail in double precision. {@link #standardCdf}, {@link #erfc} and
 * {@link #inverseStandardCdf} are the serving path's: Numerical Recipes' {@code erfcc} fit (relative error below
 * 1.2e-7, enough for 32-bit model outputs) and Acklam's quantile, which the shipped models' intervals and the anomaly
 * score's calibration were measured with; replacing them with the library's would move served intervals and scores
 * by up to that error (a behaviour change, not a refactoring).
 */
public final class Gaussians {
    /** {@code log(2π)}. */
    public static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final double SQRT2 = Math.sqrt(2);

    private Gaussians() {}

    /** Negative log-density of {@code x} under {@code N(mean, std²)}. */
    public static double nll(double x, double mean, double std) {
        double z = (x - mean) / std;
        return 0.5 * (LOG_2PI + z * z) + Math.log(std);
    }

    /**
     * The quantile function of the standard normal distribution (Acklam's rational approximation refined by one
     * Halley step; absolute error about 1e-7, limited by {@link #erfc(double)}).
     */
    public static double inverseStandardCdf(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1), got " + p);
        }
        final double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        final double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01};
        final double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        final double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
            3.754408661907416e+00};
        final double pLow = 0.02425;
        double x;
        if (p < pLow) {
            double q = Math.sqrt(-2 * Math.log(p));
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        } else if (p <= 1 - pLow) {
            double q = p - 0.5;
            double r = q * q;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                    / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        } else {
            double q = Math.sqrt(-2 * Math.log(1 - p));
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        double e = standardCdf(x) - p;
        double u = e * Math.sqrt(2 * Math.PI) * Math.exp(x * x / 2);
        return x - u / (1 + x * u / 2);
    }

    /** The standard normal CDF, via {@link #erfc(double)}. */
    public static double standardCdf(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    /** Complementary error function (the Chebyshev fit of Numerical Recipes' {@code erfcc}; relative error below 1.2e-7). */
    public static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /**
     * The standard normal upper tail {@code Q(z) = P(Z > z) = erfc(z / √2) / 2}, in double precision (Commons Math's
     * {@link Erf#erfc}); 0 beyond {@code z ≈ 56}, NaN for NaN.
     */
    public static double upperTail(double z) {
        return 0.5 * Erf.erfc(z / SQRT2);
    }

    /** Half-width multiplier of the central interval of mass {@code level}: {@code Φ⁻¹((1 + level) / 2)}. */
    public static double centralIntervalZ(double level) {
        return inverseStandardCdf((1 + level) / 2);
    }
}
