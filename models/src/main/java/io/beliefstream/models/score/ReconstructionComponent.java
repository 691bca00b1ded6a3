package io.beliefstream.models.score;

/**
 * The window scorer's reconstruction error of the stream's normalised recent window ({@code WindowResult#error}: a
 * mean squared error, or for the VAEs a negative log reconstruction probability per value), capped at
 * {@link #MAX_RAW_SCORE}; {@code NaN} until the window is full. Calibrated through the
 * {@link ScoreNormaliserConfig.Transform#CUBE_ROOT cube root} (a positive, right-skewed score). Name
 * {@code reconstruction}, raw {@code reconstruction_error}.
 */
public record ReconstructionComponent() implements AnomalyComponent {
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
        return in.window() == null ? Float.NaN : AnomalyComponent.capRaw(in.window().error[b]);
    }
}
