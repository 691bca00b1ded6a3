package io.beliefstream.eval.internal;

/**
 * The standard normal distribution's upper tail {@code Q(z) = P(Z > z)} to near double precision: the Taylor
 * series of erf below 3, the continued fraction {@code Q(z) = φ(z) / (z + 1/(z + 2/(z + 3/(z + …))))} above.
 */
public final class Normal {
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    private Normal() {
    }

    /** {@code P(Z > z)} for a standard normal Z. */
    public static double upperTail(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        if (z < 0) {
            return 1 - upperTail(-z);
        }
        if (z < 3) {
            return 0.5 - 0.5 * erfSeries(z / Math.sqrt(2));
        }
        if (z > 40) {
            return 0.0;
        }
        // modified Lentz evaluation of the continued fraction z + 1/(z + 2/(z + 3/(z + ...)))
        double tiny = 1e-300;
        double f = z;
        double c = z;
        double d = 0;
        for (int k = 1; k < 500; k++) {
            d = z + k * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = z + k / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return INV_SQRT_2PI * Math.exp(-0.5 * z * z) / f;
    }

    private static double erfSeries(double x) {
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= -x2 / n;
            double add = term / (2 * n + 1);
            sum += add;
            if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * sum;
    }
}
