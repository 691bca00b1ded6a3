package io.beliefstream.eval.detect;

/**
 * Per-stream preprocessing of a raw value before a model sees it (for example online standardisation, so one
 * model serves streams of any scale). Stateful, one per stream; it may only use values already seen.
 */
@FunctionalInterface
public interface InputTransform {

    /** Absorbs a raw value and returns what the model gets. */
    double apply(double value);

    /** The identity: the model gets raw values. */
    static InputTransform identity() {
        return v -> v;
    }
}
