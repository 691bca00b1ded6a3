package io.beliefstream.models.tdvae.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One optimisation step on a {@link TdVaeGraph}: SameDiff gradients of {@code trainLoss}, global L2-norm clipping,
 * then Adam (Kingma and Ba 2015, bias-corrected) on float master copies of the parameters, written back into the
 * graph.
 */
public final class TrainingStep {
    public static final double ADAM_BETA1 = 0.9;
    public static final double ADAM_BETA2 = 0.999;
    public static final double ADAM_EPSILON = 1e-8;

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

    /** The current parameters (master copies, live). */
    public Map<String, float[]> params() {
        return params;
    }

    /** The global gradient norm of the last step, before clipping. */
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
        double norm2 = 0;
        for (String n : names) {
            INDArray g = og.getGradients().get(n);
            float[] gf = g.castTo(DataType.FLOAT).dup('c').reshape(g.length()).toFloatVector();
            grads.put(n, gf);
            for (float x : gf) {
                norm2 += (double) x * x;
            }
        }
        lastGradientNorm = Math.sqrt(norm2);
        double clip = lastGradientNorm > clipNorm ? clipNorm / lastGradientNorm : 1.0;
        step++;
        double c1 = 1 - Math.pow(ADAM_BETA1, step);
        double c2 = 1 - Math.pow(ADAM_BETA2, step);
        for (ParamLayout.Param spec : layout.params()) {
            String n = spec.name();
            adam(params.get(n), grads.get(n), m.get(n), v.get(n), clip, c1, c2);
            graph.sameDiff().getVariable(n).getArr()
                    .assign(Nd4j.createFromArray(params.get(n)).reshape(spec.rows(), spec.cols()));
        }
        return out;
    }

    /** The loss {@code name} on a batch without updating anything. */
    public double evaluate(Map<String, INDArray> placeholders, String name) {
        return graph.sameDiff().output(placeholders, name).get(name).getDouble(0);
    }

    private void adam(float[] p, float[] g, float[] mm, float[] vv, double clip, double c1, double c2) {
        for (int i = 0; i < p.length; i++) {
            double gi = g[i] * clip;
            mm[i] = (float) (ADAM_BETA1 * mm[i] + (1 - ADAM_BETA1) * gi);
            vv[i] = (float) (ADAM_BETA2 * vv[i] + (1 - ADAM_BETA2) * gi * gi);
            p[i] -= (float) (learningRate * (mm[i] / c1) / (Math.sqrt(vv[i] / c2) + ADAM_EPSILON));
        }
    }
}
