package io.beliefstream.streams;

/** Why an observation record was refused; carried in every dead letter. */
public enum DeadLetterReason {
    /** The record has no key, or its key is not a valid stream id (UTF-8, 1..256 bytes, no control characters). */
    BAD_KEY,
    /** The value is larger than {@code engine.max-record-bytes}. */
    OVERSIZED,
    /** The value is not one JSON object. */
    MALFORMED_JSON,
    /** {@code timestamp} or {@code values} is missing. */
    MISSING_FIELD,
    /** A field has the wrong type, for example a string where a number belongs, or an unknown schema. */
    INVALID_FIELD,
    /** A value is NaN or infinite (or overflows a 32-bit float). */
    NON_FINITE,
    /**
     * A value is finite but its magnitude exceeds {@code ObservationDecoder.MAX_ABS_VALUE} (1e15): the models'
     * running statistics square values, and squares beyond ~1.8e19 overflow a 32-bit float.
     */
    OUT_OF_RANGE,
    /** {@code values} has a length other than the model's input dimension. */
    WRONG_DIMENSION,
    /** The timestamp is earlier than the stream's last one by more than {@code engine.timestamp-tolerance-ms}. */
    TIMESTAMP_BACKWARDS,
    /**
     * Processing the record failed in a way no check above foresaw (an engine or model bug): the record is refused,
     * the stream's state re-initialised, and the engine goes on. Never expected; each one is logged.
     */
    UNPROCESSABLE
}
