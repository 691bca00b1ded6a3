package io.beliefstream.models.vqvae.internal;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The VQ-VAE as SameDiff graphs (reference: {@code autoencoder-family-weng.md}, section "VQ-VAE and VQ-VAE-2").
 *
 * <p><b>Training graph.</b> Placeholders {@code x} (normalised windows, {@code B × W}), {@code zq} (the nearest code
 * of each encoder output, {@code B × D}) and {@code delta = zq − z_e} ({@code B × D}), both computed outside the
 * graph by the {@link io.beliefstream.models.vqvae.EmaCodebook} from this step's encoder outputs. Because they are
 * placeholders, they are constants to autodiff, which is exactly the stop-gradient {@code sg[·]} of the reference:
 *
 * <pre>
 *   decoder input   z_e + delta  (= e_k in value; gradient copied straight through to z_e)
 *   loss = mean_b [ ‖x − D(z_e + sg[e_k − z_e])‖² + β ‖z_e − sg[e_k]‖² ]
 * </pre>
 *
 * The VQ term {@code ‖sg[z_e] − e_k‖²} is absent because the codebook is learned by the EMA rule, not by gradient
 * (van den Oord et al. 2017, appendix A.1). Before the codebook is initialised the trainer feeds {@code zq = z_e},
 * {@code delta = 0}: a plain autoencoder step.
 *
 * <p><b>Inference graph.</b> Placeholder {@code x}; constant codebook {@code E}; outputs {@code z_e}, {@code code}
 * ({@code argmin_i ‖z_e − e_i‖²} computed as {@code ‖z‖² − 2 z Eᵀ + ‖e‖²}) and {@code x_hat = D(e_code)}. Used to
 * check the serving kernel.
 */
public final class VqVaeGraph {
    private VqVaeGraph() {}

    /** The training graph with the given initial weights, Adam at {@code learningRate}, loss {@code "loss"}. */
    public static SameDiff training(VqVaeWeights wt, double beta, double learningRate) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, wt.window());
        SDVariable zq = sd.placeHolder("zq", DataType.FLOAT, -1, wt.latentDim());
        SDVariable delta = sd.placeHolder("delta", DataType.FLOAT, -1, wt.latentDim());
        Map<String, SDVariable> v = variables(sd, wt);
        SDVariable ze = encoder(sd, x, v);
        SDVariable xHat = decoder(sd, ze.add(delta), v);
        SDVariable recon = sd.math().square(x.sub(xHat)).sum(1).mean().rename("recon_loss");
        SDVariable commit = sd.math().square(ze.sub(zq)).sum(1).mean().mul(beta).rename("commit_loss");
        SDVariable loss = recon.add(commit).rename("loss");
        sd.setLossVariables(loss);
        sd.setTrainingConfig(new TrainingConfig.Builder()
                .updater(new Adam(learningRate))
                .dataSetFeatureMapping("x", "zq", "delta")
                .markLabelsUnused()
                .build());
        return sd;
    }

    /** The inference graph with the given weights and codes ({@code K × D}). */
    public static SameDiff inference(VqVaeWeights wt, float[] codes, int k) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, wt.window());
        Map<String, SDVariable> v = variables(sd, wt);
        SDVariable e = sd.constant("codebook", matrix(codes, k, wt.latentDim()));
        SDVariable ze = encoder(sd, x, v);
        SDVariable zz = sd.math().square(ze).sum(true, 1);
        SDVariable ee = sd.math().square(e).sum(1).reshape(1, k);
        SDVariable dist = zz.sub(sd.mmul(ze, e, false, true, false).mul(2.0)).add(ee);
        SDVariable code = sd.argmin(dist, 1).rename("code");
        SDVariable q = sd.gather(e, code, 0);
        decoder(sd, q, v).rename("x_hat");
        return sd;
    }

    private static Map<String, SDVariable> variables(SameDiff sd, VqVaeWeights wt) {
        Map<String, SDVariable> v = new HashMap<>();
        int[][] shapes = wt.shapes();
        float[][] arrays = wt.arrays();
        for (int i = 0; i < VqVaeWeights.NAMES.length; i++) {
            String name = VqVaeWeights.NAMES[i];
            INDArray a = shapes[i].length == 2 ? matrix(arrays[i], shapes[i][0], shapes[i][1])
                    : Nd4j.createFromArray(arrays[i].clone());
            v.put(name, sd.var(name, a));
        }
        return v;
    }

    private static SDVariable encoder(SameDiff sd, SDVariable x, Map<String, SDVariable> v) {
        SDVariable h = sd.nn().relu(sd.mmul(x, v.get("enc.w1")).add(v.get("enc.b1")), 0.0);
        return sd.mmul(h, v.get("enc.w2")).add(v.get("enc.b2")).rename("z_e");
    }

    private static SDVariable decoder(SameDiff sd, SDVariable z, Map<String, SDVariable> v) {
        SDVariable h = sd.nn().relu(sd.mmul(z, v.get("dec.w3")).add(v.get("dec.b3")), 0.0);
        return sd.mmul(h, v.get("dec.w4")).add(v.get("dec.b4"));
    }

    /** A {@code rows × cols} c-order float matrix holding a copy of {@code values}. */
    public static INDArray matrix(float[] values, int rows, int cols) {
        return Nd4j.createFromArray(values.clone()).reshape('c', rows, cols);
    }

    /** The current weights of a training or inference graph. */
    public static VqVaeWeights weightsOf(SameDiff sd, int window, int hidden, int latentDim) {
        float[][] a = new float[VqVaeWeights.NAMES.length][];
        for (int i = 0; i < a.length; i++) {
            a[i] = sd.getVariable(VqVaeWeights.NAMES[i]).getArr().dup('c').data().asFloat();
        }
        return new VqVaeWeights(window, hidden, latentDim, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
    }
}
