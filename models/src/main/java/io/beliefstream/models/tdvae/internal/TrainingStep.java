package io.beliefstream.models.tdvae.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference {@link Optimiser}: SameDiff gradients of {@code trainLoss} on a {@link TdVaeGraph}, global L2-norm
 * clipping, then Adam (Kingma and Ba 2015, bias-corrected) on float master copies of the parameters, written back
 * into the graph. Slow (SameDiff's per-op overhead over the unrolled LSTM); {@link JavaTrainingStep} computes the
 * same function and is the default.
 */
public final class TrainingStep implements Optimiser {

    private final TdVaeGraph graph;
    private final ParamLayout layout;
    private final Map<String, float[]> params;
    private final Map<String, float[]> m = new HashMap<>();
    private final Map<String, float[]> v = new HashMap<>();
    private final List<String> names;
    private final double learningRate;
    private final double clipNorm;
    private long step;
    private double lastGradientNorm;

    /** @param params initial values; the map's arrays become the master copies and are updated in place */
    public TrainingStep(ParamLayout layout, Map<String, float[]> params, int windowLength, double learningRate,
            double clipNorm) {
        this.layout = layout;
        this.params = params;
        this.graph = TdVaeGraph.training(layout, TdVaeGraph.toArrays(layout, params, DataType.FLOAT), windowLength,
                DataType.FLOAT);
        this.names = graph.parameterNames();
        for (String n : names) {
            m.put(n, new float[params.get(n).length]);
            v.put(n, new float[params.get(n).length]);
        }
        this.learningRate = learningRate;
        this.clipNorm = clipNorm;
    }

    public TdVaeGraph graph() {
        return graph;
    }

    @Override
    public double[] step(PairBatch.Batch batch, double beta, double lambda) {
        Map<String, INDArray> ph = batch.placeholders(DataType.FLOAT);
        ph.put("beta", Nd4j.createFromArray((float) beta));
        ph.put("lambda", Nd4j.createFromArray((float) lambda));
        return run(ph, List.of("loss", "kl", "nllx"));
    }

    @Override
    public double evaluate(PairBatch.Batch batch) {
        Map<String, INDArray> ph = batch.placeholders(DataType.FLOAT);
        ph.put("beta", Nd4j.createFromArray(1f));
        ph.put("lambda", Nd4j.createFromArray(0f));
        return evaluate(ph, "loss");
    }

    @Override
    public Map<String, float[]> params() {
        return params;
    }

    @Override
    public double lastGradientNorm() {
        return lastGradientNorm;
    }

    /**
     * Runs one step on the placeholders of a batch (including {@code beta} and {@code lambda}); returns the
     * requested outputs as doubles, in order.
     */
    public double[] run(Map<String, INDArray> placeholders, List<String> outputs) {
        OutAndGrad og = graph.sameDiff().calculateGradientsAndOutputs(placeholders, outputs, names);
        double[] out = new double[outputs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = og.getOutputs().get(outputs.get(i)).getDouble(0);
        }
        Map<String, float[]> grads = new HashMap<>();
        for (String n : names) {
            INDArray g = og.getGradients().get(n);
            grads.put(n, g.castTo(DataType.FLOAT).dup('c').reshape(g.length()).toFloatVector());
        }
        lastGradientNorm = Optimiser.globalNorm(grads.values());
        double clip = Optimiser.clipFactor(lastGradientNorm, clipNorm);
        step++;
        for (ParamLayout.Param spec : layout.params()) {
            String n = spec.name();
            Optimiser.adam(params.get(n), grads.get(n), m.get(n), v.get(n), clip, step, learningRate);
            graph.sameDiff().getVariable(n).getArr()
                    .assign(Nd4j.createFromArray(params.get(n)).reshape(spec.rows(), spec.cols()));
        }
        return out;
    }

    /** The loss {@code name} on a batch without updating anything. */
    public double evaluate(Map<String, INDArray> placeholders, String name) {
        return graph.sameDiff().output(placeholders, name).get(name).getDouble(0);
    }
}
