package io.beliefstream.streams;

/**
 * Schema identifiers carried in the {@code schema} field of every JSON message (documented with examples in
 * {@code docs/schemas.md}). A consumer that sees a schema it does not know should not guess.
 */
public final class Schemas {
    /** Observation in: {@code {"timestamp": <epoch ms | ISO-8601>, "values": [numbers]}}; key = stream id. */
    public static final String OBSERVATION_V1 = "beliefstream.observation/v1";
    /** Prediction out: forecasts per horizon, surprise, model identity, source position. */
    public static final String PREDICTION_V1 = "beliefstream.prediction/v1";
    /** Dead letter out: reason, detail, source topic/partition/offset, the original key and value. */
    public static final String DEAD_LETTER_V1 = "beliefstream.dead-letter/v1";

    private Schemas() {}
}
