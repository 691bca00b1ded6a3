package io.beliefstream.streams.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.beliefstream.streams.DeadLetterReason;
import io.beliefstream.streams.Observation;
import io.beliefstream.streams.Schemas;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Decodes and validates observation records (schema {@link Schemas#OBSERVATION_V1}) with Jackson's streaming
 * parser. Checks that need no stream state happen here: key, size, JSON shape, field types, finiteness. The
 * dimension and timestamp order are checked by the engine, which knows the model and the stream.
 */
public final class ObservationDecoder {
    /** Longest stream id, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 256;
    /** Longest accepted values array, whatever the model. */
    public static final int MAX_VALUES = 4096;

    private final JsonFactory json = JsonFactory.builder()
            // NaN and Infinity literals parse, so that they are refused as NON_FINITE rather than MALFORMED_JSON
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // FastDoubleParser (shaded in jackson-core): the same correctly rounded values as Double.parseDouble
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxNumberLength(64).build())
            .build();
    private final int maxRecordBytes;
    private final float[] scratch = new float[MAX_VALUES];
    /** Strict UTF-8 decoding of non-ASCII keys (reused: reset before each key). */
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    public ObservationDecoder(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    /** Outcome of decoding: exactly one of {@code observation} and {@code reason} is set. */
    public record Result(Observation observation, DeadLetterReason reason, String detail) {
        static Result refuse(DeadLetterReason reason, String detail) {
            return new Result(null, reason, detail);
        }
    }

    public Result decode(byte[] key, byte[] value, int partition, long offset) {
        String streamId;
        if (key == null || key.length == 0) {
            return Result.refuse(DeadLetterReason.BAD_KEY, "the record has no key; the key is the stream id");
        }
        if (key.length > MAX_KEY_BYTES) {
            return Result.refuse(DeadLetterReason.BAD_KEY, "the key is " + key.length + " bytes; at most "
                    + MAX_KEY_BYTES);
        }
        if (isAscii(key)) {
            // the common case: ASCII is valid UTF-8 that decodes byte for byte, so no decoder is needed
            streamId = new String(key, StandardCharsets.ISO_8859_1);
        } else {
            try {
                streamId = utf8.reset().decode(java.nio.ByteBuffer.wrap(key)).toString();
            } catch (CharacterCodingException e) {
                return Result.refuse(DeadLetterReason.BAD_KEY, "the key is not valid UTF-8");
            }
        }
        for (int i = 0; i < streamId.length(); i++) {
            if (Character.isISOControl(streamId.charAt(i))) {
                return Result.refuse(DeadLetterReason.BAD_KEY, "the key contains a control character");
            }
        }
        if (value == null) {
            return Result.refuse(DeadLetterReason.MALFORMED_JSON, "the record has no value");
        }
        if (value.length > maxRecordBytes) {
            return Result.refuse(DeadLetterReason.OVERSIZED, "the value is " + value.length
                    + " bytes; engine.max-record-bytes is " + maxRecordBytes);
        }
        try (JsonParser p = json.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Result.refuse(DeadLetterReason.MALFORMED_JSON, "the value is not a JSON object");
            }
            long timestamp = 0;
            boolean hasTimestamp = false;
            int n = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "timestamp" -> {
                        if (t == JsonToken.VALUE_NUMBER_INT) {
                            timestamp = p.getLongValue();
                        } else if (t == JsonToken.VALUE_STRING) {
                            try {
                                timestamp = Instant.parse(p.getText()).toEpochMilli();
                            } catch (DateTimeParseException e) {
                                return Result.refuse(DeadLetterReason.INVALID_FIELD,
                                        "timestamp '" + p.getText() + "' is not ISO-8601 (e.g. 2024-01-31T12:00:00Z)");
                            } catch (ArithmeticException e) {
                                // Instant.parse takes years up to ±1,000,000,000; epoch milliseconds end near ±292 million
                                return Result.refuse(DeadLetterReason.INVALID_FIELD,
                                        "timestamp '" + p.getText() + "' is out of range of epoch milliseconds");
                            }
                        } else {
                            return Result.refuse(DeadLetterReason.INVALID_FIELD,
                                    "timestamp must be epoch milliseconds (integer) or an ISO-8601 string");
                        }
                        hasTimestamp = true;
                    }
                    case "values" -> {
                        if (t != JsonToken.START_ARRAY) {
                            return Result.refuse(DeadLetterReason.INVALID_FIELD, "values must be an array of numbers");
                        }
                        n = 0;
                        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                                return Result.refuse(DeadLetterReason.INVALID_FIELD,
                                        "values[" + n + "] is not a number");
                            }
                            if (n == MAX_VALUES) {
                                return Result.refuse(DeadLetterReason.WRONG_DIMENSION,
                                        "values has more than " + MAX_VALUES + " entries");
                            }
                            double v = p.getDoubleValue();
                            float f = (float) v;
                            if (!Float.isFinite(f)) {
                                return Result.refuse(DeadLetterReason.NON_FINITE,
                                        "values[" + n + "] = " + p.getText() + " is not a finite 32-bit float");
                            }
                            scratch[n++] = f;
                        }
                    }
                    case "schema" -> {
                        if (t != JsonToken.VALUE_STRING || !Schemas.OBSERVATION_V1.equals(p.getText())) {
                            return Result.refuse(DeadLetterReason.INVALID_FIELD,
                                    "schema must be absent or \"" + Schemas.OBSERVATION_V1 + "\"");
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return Result.refuse(DeadLetterReason.MALFORMED_JSON, "trailing content after the JSON object");
            }
            if (!hasTimestamp) {
                return Result.refuse(DeadLetterReason.MISSING_FIELD, "timestamp is missing");
            }
            if (n < 0) {
                return Result.refuse(DeadLetterReason.MISSING_FIELD, "values is missing");
            }
            if (n == 0) {
                return Result.refuse(DeadLetterReason.WRONG_DIMENSION, "values is empty");
            }
            float[] values = new float[n];
            System.arraycopy(scratch, 0, values, 0, n);
            return new Result(new Observation(streamId, timestamp, values, partition, offset), null, null);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            int nl = msg.indexOf('\n');
            return Result.refuse(DeadLetterReason.MALFORMED_JSON,
                    "not valid JSON: " + (nl > 0 ? msg.substring(0, nl) : msg));
        }
    }

    private static boolean isAscii(byte[] b) {
        for (byte x : b) {
            if (x < 0) {
                return false;
            }
        }
        return true;
    }
}
