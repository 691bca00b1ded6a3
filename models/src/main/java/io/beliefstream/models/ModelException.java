package io.beliefstream.models;

/** A model could not be built, loaded or applied: a bad bundle, a state of another model, a wrong dimension. */
public class ModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
