package io.beliefstream.eval;

/** The one exception type of the evaluation module: unreadable data, inconsistent labels, failed writes. */
public class EvalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EvalException(String message) {
        super(message);
    }

    public EvalException(String message, Throwable cause) {
        super(message, cause);
    }
}
