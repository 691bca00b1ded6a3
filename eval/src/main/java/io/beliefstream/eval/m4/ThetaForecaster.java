package io.beliefstream.eval.m4;

import io.beliefstream.eval.forecast.ForecastContext;
import io.beliefstream.eval.forecast.Forecaster;
import io.beliefstream.eval.forecast.ForecasterFactory;

/**
 * M4's Theta benchmark (Assimakopoulos and Nikolopoulos 2000, as the competition's {@code Theta.classic} computes
 * it), on the seasonally adjusted series {@code a_1 … a_n} of {@link ClassicalDecomposition}:
 *
 * <ol>
 *   <li>the theta-0 line: the least-squares line {@code L_t = α₀ + β₀ t} through {@code (t, a_t)}, extrapolated;
 *   <li>the theta-2 line {@code θ_t = 2 a_t − L_t}, forecast by simple exponential smoothing: level
 *       {@code ℓ_t = ℓ_{t−1} + α (θ_t − ℓ_{t−1})}, with {@code α ∈ [10⁻⁴, 0.9999]} and {@code ℓ_0} minimising the
 *       in-sample one-step squared errors (ETS(A,N,N)'s likelihood);
 *   <li>the forecast {@code â_{n+h} = ½ ℓ_n + ½ L_{n+h}}, negative forecasts set to 0, then re-seasonalised.
 * </ol>
 *
 * <p>Hyndman and Billah (2003) showed this is simple exponential smoothing with drift {@code β₀ / 2}. Interval: see
 * {@link SeasonallyAdjustedForecaster} (from origin {@code t} in-sample: {@code ½ ℓ_t + ½ L_{t+h}}).
 */
public final class ThetaForecaster extends SeasonallyAdjustedForecaster {
    /** Name in results. */
    public static final String NAME = "theta";
    /** Bounds of the smoothing parameter (R's {@code ets} defaults). */
    static final double ALPHA_MIN = 1e-4;
    static final double ALPHA_MAX = 0.9999;

    ThetaForecaster(ForecastContext ctx) {
        super(ctx);
    }

    /** The factory. */
    public static ForecasterFactory factory() {
        return new ForecasterFactory() {
            @Override
            public String name() {
                return NAME;
            }

            @Override
            public Forecaster create(ForecastContext context) {
                return new ThetaForecaster(context);
            }
        };
    }

    /** Smoothing parameter and initial level of simple exponential smoothing fitted to {@code y}. */
    record Ses(double alpha, double level0) {
        /** The levels {@code ℓ_0 … ℓ_n}. */
        double[] levels(double[] y) {
            double[] l = new double[y.length + 1];
            l[0] = level0;
            for (int t = 0; t < y.length; t++) {
                l[t + 1] = l[t] + alpha * (y[t] - l[t]);
            }
            return l;
        }
    }

    /** For a given α, the initial level minimising the one-step SSE (it is quadratic in ℓ_0), and that SSE. */
    static double[] bestLevel0(double[] y, double alpha) {
        // ℓ_t = A_t + C_t ℓ_0 with A_0 = 0, C_0 = 1; the error at t is (y_t − A_{t−1}) − C_{t−1} ℓ_0
        double a = 0;
        double c = 1;
        double sxy = 0;
        double scc = 0;
        for (double v : y) {
            sxy += (v - a) * c;
            scc += c * c;
            a += alpha * (v - a);
            c *= 1 - alpha;
        }
        double l0 = sxy / scc;
        double sse = 0;
        double l = l0;
        for (double v : y) {
            double e = v - l;
            sse += e * e;
            l += alpha * e;
        }
        return new double[] {l0, sse};
    }

    /** Fits SES by a grid over α then golden-section refinement around the best grid point. */
    static Ses fitSes(double[] y) {
        int grid = 100;
        double best = Double.POSITIVE_INFINITY;
        int bestI = 0;
        for (int i = 0; i <= grid; i++) {
            double alpha = ALPHA_MIN + (ALPHA_MAX - ALPHA_MIN) * i / grid;
            double sse = bestLevel0(y, alpha)[1];
            if (sse < best) {
                best = sse;
                bestI = i;
            }
        }
        double lo = ALPHA_MIN + (ALPHA_MAX - ALPHA_MIN) * Math.max(0, bestI - 1) / grid;
        double hi = ALPHA_MIN + (ALPHA_MAX - ALPHA_MIN) * Math.min(grid, bestI + 1) / grid;
        double g = (Math.sqrt(5) - 1) / 2;
        double x1 = hi - g * (hi - lo);
        double x2 = lo + g * (hi - lo);
        double f1 = bestLevel0(y, x1)[1];
        double f2 = bestLevel0(y, x2)[1];
        for (int it = 0; it < 60; it++) {
            if (f1 <= f2) {
                hi = x2;
                x2 = x1;
                f2 = f1;
                x1 = hi - g * (hi - lo);
                f1 = bestLevel0(y, x1)[1];
            } else {
                lo = x1;
                x1 = x2;
                f1 = f2;
                x2 = lo + g * (hi - lo);
                f2 = bestLevel0(y, x2)[1];
            }
        }
        double alpha = (lo + hi) / 2;
        return new Ses(alpha, bestLevel0(y, alpha)[0]);
    }

    @Override
    Fit fit(double[] a) {
        int n = a.length;
        // least-squares line through (t, a_t), t = 1..n
        double tMean = (n + 1) / 2.0;
        double aMean = 0;
        for (double v : a) {
            aMean += v;
        }
        aMean /= n;
        double sxy = 0;
        double sxx = 0;
        for (int t = 1; t <= n; t++) {
            sxy += (t - tMean) * (a[t - 1] - aMean);
            sxx += (t - tMean) * (t - tMean);
        }
        double slope = sxx > 0 ? sxy / sxx : 0;
        double intercept = aMean - slope * tMean;
        double[] theta = new double[n];
        for (int t = 1; t <= n; t++) {
            theta[t - 1] = 2 * a[t - 1] - (intercept + slope * t);
        }
        double[] level = fitSes(theta).levels(theta);
        return new Fit() {
            @Override
            public double inSample(int t, int h) {
                // origin t (0-based) has seen values 1..t+1; the target is value t+1+h
                return 0.5 * level[t + 1] + 0.5 * (intercept + slope * (t + 1 + h));
            }

            @Override
            public double ahead(int h) {
                return Math.max(0, 0.5 * level[n] + 0.5 * (intercept + slope * (n + h)));
            }
        };
    }
}
