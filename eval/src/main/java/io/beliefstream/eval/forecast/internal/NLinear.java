package io.beliefstream.eval.forecast.internal;

import io.beliefstream.models.optim.Adam;
import java.util.SplittableRandom;

/**
 * NLinear (Zeng et al., "Are Transformers Effective for Time Series Forecasting?", AAAI 2023): one linear layer
 * from the last {@code L} values to the next {@code P}, on the input minus its last value, which is added back:
 *
 * <pre>
 *   x̃_i = x_{t−L+i} − x_t  (i = 1..L),     ŷ_{t+k} = x_t + b_k + Σ_i W_{k,i} x̃_i  (k = 1..P)
 * </pre>
 *
 * <p>Trained as LTSF-Linear trains it: loss the mean squared error over a batch's windows and steps, Adam
 * (β₁ = 0.9, β₂ = 0.999, ε = 1e-8, no weight decay), the training windows shuffled every epoch with the last
 * incomplete batch dropped, the learning rate halved after every epoch ({@code lradj type1}), early stopping on the
 * validation windows' MSE with patience {@code patience} and the best epoch's weights kept. Weights and bias start
 * uniform in {@code ±1/√L} (PyTorch's {@code nn.Linear}). Plain double-precision Java: the same weights on every
 * machine for a given seed.
 */
public final class NLinear {

    private final int lookBack;
    private final int steps;
    /** {@code W[k·L + i]}: step {@code k}, input {@code i}. */
    private final double[] w;
    private final double[] b;

    private NLinear(int lookBack, int steps, double[] w, double[] b) {
        this.lookBack = lookBack;
        this.steps = steps;
        this.w = w;
        this.b = b;
    }

    public int lookBack() {
        return lookBack;
    }

    public int steps() {
        return steps;
    }

    /** Training hyper-parameters; see the class comment. */
    public record Recipe(int lookBack, int epochs, int batchSize, double learningRate, int patience, long seed) {
        public Recipe {
            if (lookBack < 1 || epochs < 1 || batchSize < 1 || patience < 1) {
                throw new IllegalArgumentException("lookBack, epochs, batchSize and patience must be positive: "
                        + lookBack + ", " + epochs + ", " + batchSize + ", " + patience);
            }
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
            }
        }
    }

    /** What training did: the epoch whose weights were kept and every epoch's validation MSE. */
    public record Fit(NLinear model, int bestEpoch, double[] validationMse) {
    }

    /**
     * Forecasts steps {@code 1..P} from the last {@code L} values {@code history[end − L, end)} into {@code out}.
     */
    public void forecast(double[] history, int end, double[] out) {
        double last = history[end - 1];
        int from = end - lookBack;
        for (int k = 0; k < steps; k++) {
            double s = b[k];
            int row = k * lookBack;
            for (int i = 0; i < lookBack; i++) {
                s += w[row + i] * (history[from + i] - last);
            }
            out[k] = last + s;
        }
    }

    /**
     * Trains on the stride-1 windows of {@code series} whose inputs and targets lie in {@code [0, trainEnd)},
     * stopping early on the windows whose targets lie in {@code [trainEnd, validationEnd)} (their inputs may reach
     * back into the training rows, as LTSF-Linear's borders have it). Without validation windows it trains every
     * epoch and keeps the last.
     */
    public static Fit train(double[] series, int trainEnd, int validationEnd, int steps, Recipe r) {
        int lb = r.lookBack();
        int nTrain = trainEnd - lb - steps + 1;
        if (nTrain < r.batchSize()) {
            throw new IllegalArgumentException("the training split of " + trainEnd + " rows has " + Math.max(0, nTrain)
                    + " windows of " + lb + " + " + steps + " rows, fewer than one batch of " + r.batchSize());
        }
        int firstValOrigin = Math.max(trainEnd - 1, lb - 1);
        int nVal = Math.max(0, validationEnd - steps - firstValOrigin);
        SplittableRandom rnd = new SplittableRandom(r.seed());
        double bound = 1 / Math.sqrt(lb);
        double[] w = new double[steps * lb];
        double[] b = new double[steps];
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextDouble(-bound, bound);
        }
        for (int k = 0; k < steps; k++) {
            b[k] = rnd.nextDouble(-bound, bound);
        }
        NLinear model = new NLinear(lb, steps, w, b);
        double[] gw = new double[w.length];
        double[] gb = new double[steps];
        double[] mw = new double[w.length];
        double[] vw = new double[w.length];
        double[] mb = new double[steps];
        double[] vb = new double[steps];
        double[] x = new double[lb];
        double[] residual = new double[steps];
        int[] order = new int[nTrain];
        for (int i = 0; i < nTrain; i++) {
            order[i] = i;
        }
        double[] valMse = new double[r.epochs()];
        double best = Double.POSITIVE_INFINITY;
        double[] bestW = w.clone();
        double[] bestB = b.clone();
        int bestEpoch = 0;
        int bad = 0;
        long t = 0;
        int epochs = 0;
        double[] pred = new double[steps];
        for (int epoch = 0; epoch < r.epochs(); epoch++) {
            epochs++;
            double lr = r.learningRate() * Math.pow(0.5, epoch);
            shuffle(order, rnd);
            for (int start = 0; start + r.batchSize() <= nTrain; start += r.batchSize()) {
                java.util.Arrays.fill(gw, 0);
                java.util.Arrays.fill(gb, 0);
                double scale = 2.0 / ((double) r.batchSize() * steps);
                for (int j = start; j < start + r.batchSize(); j++) {
                    int end = order[j] + lb;
                    double last = series[end - 1];
                    for (int i = 0; i < lb; i++) {
                        x[i] = series[end - lb + i] - last;
                    }
                    for (int k = 0; k < steps; k++) {
                        double s = b[k];
                        int row = k * lb;
                        for (int i = 0; i < lb; i++) {
                            s += w[row + i] * x[i];
                        }
                        residual[k] = (s - (series[end + k] - last)) * scale;
                    }
                    for (int k = 0; k < steps; k++) {
                        double g = residual[k];
                        gb[k] += g;
                        int row = k * lb;
                        for (int i = 0; i < lb; i++) {
                            gw[row + i] += g * x[i];
                        }
                    }
                }
                t++;
                Adam.update(w, gw, mw, vw, t, lr);
                Adam.update(b, gb, mb, vb, t, lr);
            }
            if (nVal == 0) {
                valMse[epoch] = Double.NaN;
                bestW = w.clone();
                bestB = b.clone();
                bestEpoch = epoch + 1;
                continue;
            }
            double sse = 0;
            for (int origin = firstValOrigin; origin < firstValOrigin + nVal; origin++) {
                model.forecast(series, origin + 1, pred);
                for (int k = 0; k < steps; k++) {
                    double e = pred[k] - series[origin + 1 + k];
                    sse += e * e;
                }
            }
            valMse[epoch] = sse / ((double) nVal * steps);
            if (valMse[epoch] < best) {
                best = valMse[epoch];
                bestW = w.clone();
                bestB = b.clone();
                bestEpoch = epoch + 1;
                bad = 0;
            } else if (++bad >= r.patience()) {
                break;
            }
        }
        return new Fit(new NLinear(lb, steps, bestW, bestB), bestEpoch, java.util.Arrays.copyOf(valMse, epochs));
    }

    private static void shuffle(int[] a, SplittableRandom rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }
}
