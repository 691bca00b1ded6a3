package io.beliefstream.models.score;

/**
 * The window scorer's reconstruction error of the stream's normalised recent window ({@code WindowResult#error}: a
 * mean squared error, or for the VAEs a negative log reconstruction probability per value), capped at
 * {@link #MAX_RAW_SCORE}; {@code NaN} until the window is full. For a multivariate stream, whose dimensions the
 * univariate scorer scores one by one, the mean of the dimensions' errors: the error of the whole {@code W × D}
 * window, as a multivariate autoencoder's would be; the component then also keeps {@link DimensionStats} of the
 * dimensions' errors, which say which dimensions the anomaly comes from.
 *
 * @param dims the streams' dimension; at least 1 Calibrated through the
 * {@link ScoreNormaliserConfig.Transform#CUBE_ROOT cube root} (a positive, right-skewed score). Name
 * {@code reconstruction}, raw {@code reconstruction_error}.
 */
public record ReconstructionComponent(int dims) implements DimensionStatsComponent {
    public ReconstructionComponent {
        if (dims < 1) {
            throw new IllegalArgumentException("reconstruction dims must be at least 1, got " + dims);
        }
    }

    /** For univariate streams. */
    public ReconstructionComponent() {
        this(1);
    }

    @Override
    public String name() {
        return "reconstruction";
    }

    @Override
    public String rawName() {
        return "reconstruction_error";
    }

    @Override
    public ScoreNormaliserConfig.Transform transform() {
        return ScoreNormaliserConfig.Transform.CUBE_ROOT;
    }

    @Override
    public float measure(AnomalyInputs in, int b, State own) {
        if (in.window() == null) {
            return Float.NaN;
        }
        int rows = in.windowRows();
        if (rows == 1) {
            return AnomalyComponent.capRaw(in.window().error[b]);
        }
        double sum = 0;
        for (int d = 0; d < rows; d++) {
            sum += in.window().error[b * rows + d];
        }
        if (own != null) {
            ((DimensionStats) own).observe(in.window().error, b * rows, 1);
        }
        return AnomalyComponent.capRaw((float) (sum / rows));
    }
}
