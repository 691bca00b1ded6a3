package io.beliefstream.app;

import io.beliefstream.models.tdvae.TdVaeModel;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Fits the TD-VAE's linear skip path ({@link TdVaeModel#withSkipPath}) by ridge-regularised weighted least squares:
 * per horizon {@code k}, the target {@code y_{t+k} − y_t} on the lag differences {@code y_{t−i} − y_t}
 * ({@code i = 1..L−1}, NLinear's input) and the network's own forecast change {@code f_k(t) − y_t}, over every origin
 * {@code t} of the fitting sequences with a full window behind it and every target ahead of it inside the sequence.
 * All horizons share the origins, so the lag block of the normal equations {@code G = Σ ω d dᵀ} is one matrix,
 * factorised once (Cholesky), and each horizon's system {@code [[G, g], [gᵀ, s]]·(a, c) = (r, q)} is solved by the
 * Schur complement of {@code s}. Ridge: {@code λ = }{@value #RIDGE}{@code ·mean(diag)} on every coefficient.
 * Weights {@code ω} per sequence make series of different scales count alike (the form is scale-invariant).
 */
final class SkipPathFit {
    /** Relative ridge penalty. */
    static final double RIDGE = 1e-3;

    private SkipPathFit() {
    }

    /**
     * @param model the network, served without a skip path
     * @param sequences the fitting sequences (the values the model was streamed over, from their start)
     * @param forecasts the model's mean forecasts {@code [horizon index][origin]} per sequence
     * @param weights the weight {@code ω} of each sequence's rows
     * @param firstOrigin the first origin each sequence may contribute (at least {@code lookback − 1} is used)
     * @param lookback {@code L}
     * @param progress where the fitting MSE of each candidate is printed, or {@code null}
     * @return the model with the fitted skip path, or {@code model} itself when no origin has a full window behind
     *     it and every horizon ahead of it
     */
    static TdVaeModel fit(TdVaeModel model, List<double[]> sequences, List<double[][]> forecasts, double[] weights,
            int[] firstOrigin, int lookback, PrintStream progress) {
        int[] horizons = model.info().horizons();
        int nh = horizons.length;
        int maxH = horizons[nh - 1];
        int p = lookback - 1;
        double[] g = new double[p * p];
        double[][] gk = new double[nh][p];
        double[][] rk = new double[nh][p];
        double[] sk = new double[nh];
        double[] qk = new double[nh];
        double[] ee = new double[nh];
        double[] ff = new double[nh];
        double wsum = 0;
        long rows = 0;
        double[] d = new double[p];
        for (int s = 0; s < sequences.size(); s++) {
            double[] y = sequences.get(s);
            double[][] f = forecasts.get(s);
            double w = weights[s];
            for (int t = Math.max(firstOrigin[s], p); t + maxH < y.length; t++) {
                double yt = y[t];
                for (int i = 0; i < p; i++) {
                    d[i] = y[t - 1 - i] - yt;
                }
                for (int i = 0; i < p; i++) {
                    double wdi = w * d[i];
                    int row = i * p;
                    for (int j = i; j < p; j++) {
                        g[row + j] += wdi * d[j];
                    }
                }
                for (int hi = 0; hi < nh; hi++) {
                    double e = y[t + horizons[hi]] - yt;
                    double c = f[hi][t] - yt;
                    double[] gh = gk[hi];
                    double[] rh = rk[hi];
                    double we = w * e;
                    double wc = w * c;
                    for (int i = 0; i < p; i++) {
                        gh[i] += wc * d[i];
                        rh[i] += we * d[i];
                    }
                    sk[hi] += wc * c;
                    qk[hi] += wc * e;
                    ee[hi] += we * e;
                    ff[hi] += w * (e - c) * (e - c);
                }
                wsum += w;
                rows++;
            }
        }
        if (rows == 0) {
            if (progress != null) {
                progress.printf("skip path not fitted: no origin with %d observations behind it and %d ahead in the "
                        + "fitting sequences; the network alone is served%n", lookback, maxH);
            }
            return model;
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < i; j++) {
                g[i * p + j] = g[j * p + i];
            }
        }
        double trace = 0;
        for (int i = 0; i < p; i++) {
            trace += g[i * p + i];
        }
        double lambda = RIDGE * Math.max(trace / p, 1e-12);
        double[] gRidge = g.clone();
        for (int i = 0; i < p; i++) {
            gRidge[i * p + i] += lambda;
        }
        double[] chol = cholesky(gRidge, p);
        double[] lag = new double[nh * p];
        double[] level = new double[nh];
        for (int hi = 0; hi < nh; hi++) {
            double[] gInvG = solve(chol, p, gk[hi]);
            double[] gInvR = solve(chol, p, rk[hi]);
            double schur = sk[hi] + lambda - dot(gk[hi], gInvG);
            double c = schur > 0 ? (qk[hi] - dot(gk[hi], gInvR)) / schur : 0;
            level[hi] = c;
            for (int i = 0; i < p; i++) {
                lag[hi * p + i] = gInvR[i] - c * gInvG[i];
            }
            if (progress != null && (hi < 1 || hi == nh - 1 || horizons[hi] % 24 == 0)) {
                // SSE(β) = Σωe² − 2βᵀb + βᵀMβ over the same rows, for the linear path alone and the combination
                double[] aLin = gInvR;
                double sseLin = ee[hi] - 2 * dot(aLin, rk[hi]) + quad(g, p, aLin);
                double[] a = java.util.Arrays.copyOfRange(lag, hi * p, hi * p + p);
                double sseAll = ee[hi] - 2 * (dot(a, rk[hi]) + c * qk[hi]) + quad(g, p, a)
                        + 2 * c * dot(a, gk[hi]) + c * c * sk[hi];
                progress.printf(Locale.ROOT, "skip path h=%-3d c=%.3f  fitting MSE: naive %.4f, TD-VAE %.4f, linear "
                        + "%.4f, linear + TD-VAE %.4f%n", horizons[hi], c, ee[hi] / wsum, ff[hi] / wsum,
                        sseLin / wsum, sseAll / wsum);
            }
        }
        if (progress != null) {
            progress.printf(Locale.ROOT, "skip path fitted on %d origins of %d sequences, lookback %d, ridge %.3g%n",
                    rows, sequences.size(), lookback, lambda);
        }
        return model.withSkipPath(lookback, lag, level);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double quad(double[] m, int n, double[] x) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double r = 0;
            for (int j = 0; j < n; j++) {
                r += m[i * n + j] * x[j];
            }
            s += x[i] * r;
        }
        return s;
    }

    /** The lower Cholesky factor of a symmetric positive definite {@code n×n} matrix (row-major). */
    static double[] cholesky(double[] a, int n) {
        double[] l = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * n + k] * l[j * n + k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new ArithmeticException("matrix is not positive definite at row " + i);
                    }
                    l[i * n + i] = Math.sqrt(s);
                } else {
                    l[i * n + j] = s / l[j * n + j];
                }
            }
        }
        return l;
    }

    /** Solves {@code L Lᵀ x = b} for the Cholesky factor {@code L}. */
    static double[] solve(double[] l, int n, double[] b) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i * n + k] * y[k];
            }
            y[i] = s / l[i * n + i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k * n + i] * x[k];
            }
            x[i] = s / l[i * n + i];
        }
        return x;
    }
}
