package io.beliefstream.eval.forecast;

import io.beliefstream.models.Kernel;
import io.beliefstream.models.ModelInfo;
import io.beliefstream.models.SequenceModel;
import io.beliefstream.models.StepResult;
import io.beliefstream.models.StreamState;
import java.util.Objects;

/**
 * Any BeliefStream {@link SequenceModel} (the TD-VAE, the last-value baseline) as a {@link Forecaster}, through
 * the same serving path as the service: a fresh {@link StreamState}, a {@link Kernel} stepping a batch of one, and
 * the kernel's {@link StepResult} forecasts (mean and central interval per horizon). The model must take
 * one-dimensional input, forecast every horizon asked for, and give intervals of the level asked for.
 */
public final class SequenceModelForecaster implements Forecaster {
    private final StreamState[] states;
    private final Kernel kernel;
    private final StepResult result;
    private final int[] horizonIndex;
    private final float[] x = new float[1];

    SequenceModelForecaster(SequenceModel model, ForecastContext ctx) {
        ModelInfo info = model.info();
        if (info.inputDim() != 1) {
            throw new IllegalArgumentException("model " + info.name() + " takes " + info.inputDim()
                    + "-dimensional input; forecast evaluation is univariate");
        }
        if (Math.abs(info.intervalLevel() - ctx.intervalLevel()) > 1e-9) {
            throw new IllegalArgumentException("model " + info.name() + " gives " + info.intervalLevel()
                    + " intervals, the evaluation asks for " + ctx.intervalLevel());
        }
        horizonIndex = new int[ctx.horizonCount()];
        for (int i = 0; i < horizonIndex.length; i++) {
            int h = ctx.horizon(i);
            horizonIndex[i] = -1;
            for (int j = 0; j < info.horizonCount(); j++) {
                if (info.horizon(j) == h) {
                    horizonIndex[i] = j;
                }
            }
            if (horizonIndex[i] < 0) {
                throw new IllegalArgumentException("model " + info.name() + " does not forecast horizon " + h
                        + " (its horizons: " + java.util.Arrays.toString(info.horizons()) + ")");
            }
        }
        states = new StreamState[] {model.newState()};
        kernel = model.newKernel(1);
        result = StepResult.forModel(info, 1);
    }

    /** A factory naming the model in results. */
    public static ForecasterFactory factory(String name, SequenceModel model) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        return ForecasterFactory.of(name, context -> new SequenceModelForecaster(model, context));
    }

    @Override
    public void observe(long timestampMillis, double value, Forecast out) {
        x[0] = (float) value;
        kernel.step(states, x, 1, result);
        for (int i = 0; i < horizonIndex.length; i++) {
            int k = result.forecastIndex(0, horizonIndex[i], 0);
            out.mean[i] = result.mean[k];
            out.lower[i] = result.lower[k];
            out.upper[i] = result.upper[k];
        }
    }
}
