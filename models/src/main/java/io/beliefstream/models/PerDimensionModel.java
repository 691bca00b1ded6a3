package io.beliefstream.models;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A univariate forecaster applied to each dimension of a {@code D}-dimensional stream on its own: dimension {@code d}
 * of every stream has its own state of the inner model (its own belief, running statistics and interval
 * calibration), and one step of the wrapper is one batched step of the inner model over {@code batch × D} univariate
 * streams. Forecasts, intervals and the per-dimension surprise are the inner model's for that dimension; the
 * stream's surprise is their sum, the negative log-likelihood of the observation under the product of the
 * per-dimension forecasts (independent dimensions), as {@link StepResult#surprise} defines it for any {@code D}.
 *
 * <p>This is how the default TD-VAE bundle (trained on univariate series) serves multivariate streams: it ignores
 * correlations between dimensions, which a bundle trained on {@code D}-dimensional data would learn. Cost: {@code D}
 * times the univariate state and step. The wrapper's state format is the inner one's with {@code /per-dimension/dD}
 * appended; its name and version are the inner model's.
 */
public final class PerDimensionModel implements SequenceModel {
    private final SequenceModel inner;
    private final int dims;
    private final ModelInfo info;

    /**
     * @param inner a univariate model
     * @param dims the streams' dimension, 1 to {@link PerDimensionState#MAX_DIMS}
     */
    public PerDimensionModel(SequenceModel inner, int dims) {
        if (inner.info().inputDim() != 1) {
            throw new IllegalArgumentException("the inner model must be univariate, got dimension "
                    + inner.info().inputDim());
        }
        if (dims < 1 || dims > PerDimensionState.MAX_DIMS) {
            throw new IllegalArgumentException("dims must be in [1, " + PerDimensionState.MAX_DIMS + "], got " + dims);
        }
        this.inner = inner;
        this.dims = dims;
        ModelInfo i = inner.info();
        this.info = new ModelInfo(i.name(), i.version(), i.stateFormat() + "/per-dimension/d" + dims, dims,
                i.horizons(), i.intervalLevel());
    }

    /** The univariate model applied to each dimension. */
    public SequenceModel inner() {
        return inner;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public StreamState newState() {
        return PerDimensionState.fresh(dims, inner::newState);
    }

    @Override
    public StreamState readState(ByteBuffer in) {
        return PerDimensionState.read(in, dims, inner::readState);
    }

    @Override
    public Kernel newKernel(int maxBatch) {
        return new PerDimensionKernel(maxBatch);
    }

    private final class PerDimensionKernel implements Kernel {
        private final int maxBatch;
        private final Kernel kernel;
        private final StepResult result;
        private final StreamState[] states;

        PerDimensionKernel(int maxBatch) {
            this.maxBatch = maxBatch;
            this.kernel = inner.newKernel(maxBatch * dims);
            this.result = StepResult.forModel(inner.info(), maxBatch * dims);
            this.states = new StreamState[maxBatch * dims];
        }

        @Override
        public int maxBatch() {
            return maxBatch;
        }

        @Override
        public void step(StreamState[] streams, float[] x, int batch, StepResult out) {
            for (int b = 0; b < batch; b++) {
                PerDimensionState s = (PerDimensionState) streams[b];
                for (int d = 0; d < dims; d++) {
                    states[b * dims + d] = s.part(d);
                }
            }
            // x is row-major batch × D: row b·D + d of the inner batch is dimension d of stream b
            kernel.step(states, x, batch * dims, result);
            int horizons = out.horizons();
            for (int b = 0; b < batch; b++) {
                for (int h = 0; h < horizons; h++) {
                    double sum = 0;
                    for (int d = 0; d < dims; d++) {
                        int from = result.forecastIndex(b * dims + d, h, 0);
                        int to = out.forecastIndex(b, h, d);
                        out.mean[to] = result.mean[from];
                        out.lower[to] = result.lower[from];
                        out.upper[to] = result.upper[from];
                        float nll = result.surprise[result.surpriseIndex(b * dims + d, h)];
                        sum += nll;
                        if (h == 0) {
                            out.dimSurprise[b * dims + d] = nll;
                        }
                    }
                    out.surprise[out.surpriseIndex(b, h)] = (float) sum;
                }
            }
            Arrays.fill(states, 0, batch * dims, null);
        }
    }
}
