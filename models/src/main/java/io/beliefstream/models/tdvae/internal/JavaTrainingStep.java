package io.beliefstream.models.tdvae.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * The default {@link Optimiser}: gradients from {@link TdVaeBackprop} (plain Java, no allocation per step at a fixed
 * batch shape), clipping and Adam in place on the master copies.
 */
public final class JavaTrainingStep implements Optimiser {
    private final ParamLayout layout;
    private final Map<String, float[]> params;
    private final TdVaeBackprop backprop;
    private final Map<String, float[]> m = new HashMap<>();
    private final Map<String, float[]> v = new HashMap<>();
    private final double learningRate;
    private final double clipNorm;
    private long step;
    private double lastGradientNorm;

    /** @param params initial values; the map's arrays become the master copies and are updated in place */
    public JavaTrainingStep(ParamLayout layout, Map<String, float[]> params, double learningRate, double clipNorm) {
        this.layout = layout;
        this.params = params;
        this.backprop = new TdVaeBackprop(layout, params);
        for (ParamLayout.Param p : layout.params()) {
            m.put(p.name(), new float[p.size()]);
            v.put(p.name(), new float[p.size()]);
        }
        this.learningRate = learningRate;
        this.clipNorm = clipNorm;
    }

    @Override
    public double[] step(PairBatch.Batch batch, double beta, double lambda) {
        backprop.compute(batch, beta, lambda);
        Map<String, float[]> grads = backprop.gradients();
        lastGradientNorm = Optimiser.globalNorm(grads.values());
        double clip = Optimiser.clipFactor(lastGradientNorm, clipNorm);
        step++;
        for (ParamLayout.Param spec : layout.params()) {
            String n = spec.name();
            Optimiser.adam(params.get(n), grads.get(n), m.get(n), v.get(n), clip, step, learningRate);
        }
        return new double[] {backprop.loss(), backprop.kl(), backprop.nllx()};
    }

    @Override
    public double evaluate(PairBatch.Batch batch) {
        backprop.forward(batch, 0);
        return backprop.loss();
    }

    @Override
    public Map<String, float[]> params() {
        return params;
    }

    @Override
    public double lastGradientNorm() {
        return lastGradientNorm;
    }
}
