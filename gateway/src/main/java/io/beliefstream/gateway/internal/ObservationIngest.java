package io.beliefstream.gateway.internal;

import io.beliefstream.gateway.GatewayException;
import io.beliefstream.streams.DeadLetterReason;
import io.beliefstream.streams.ObservationValidator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code POST /v1/observations}: parses a JSON object, a JSON array or NDJSON; validates every record with the
 * engine's own {@link ObservationValidator} rules (key, size, JSON shape, field types, finiteness) plus the model's
 * input dimension; and writes all of them, or none, to the observations topic.
 *
 * <p>All or nothing: if any record is bad, the response lists every bad one (index, reason, detail) and nothing is
 * written, so a client can fix and resend the whole request without creating duplicates. The good records of a
 * request go out in one Kafka transaction, so read_committed consumers (the engine) see all of them or none, even if
 * the gateway fails half-way. Requests are written one at a time (one transactional producer).
 */
public final class ObservationIngest implements AutoCloseable {
    /** A record's error, as it appears in the 400 response's {@code details}. */
    public record RecordError(int index, String reason, String detail) {
        JsonObject json() {
            return new JsonObject().put("index", index).put("reason", reason).put("detail", detail);
        }
    }

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final int inputDim;
    private final ObservationValidator validator;

    public ObservationIngest(String bootstrap, String topic, int inputDim, int maxRecordBytes) {
        this.topic = topic;
        this.inputDim = inputDim;
        this.validator = new ObservationValidator(maxRecordBytes);
        String id = "beliefstream-gateway-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, id + "-ingest");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id + "-ingest");
        // commitTransaction() flushes at once, so lingering costs no latency and lets a request's records share batches
        p.put(ProducerConfig.LINGER_MS_CONFIG, 100);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Parsed and validated records of one request: either {@code records} or {@code errors} is empty. */
    public record Batch(List<ProducerRecord<byte[], byte[]>> records, List<RecordError> errors) {
        public List<Object> errorDetails() {
            return errors.stream().map(e -> (Object) e.json()).toList();
        }
    }

    /**
     * Parses and validates a request body.
     *
     * @param ndjson true for {@code application/x-ndjson} (one JSON object per line)
     * @param defaultStream stream id for records without a {@code stream} field ({@code ?stream=}), or null
     * @throws GatewayException 400 when the body as a whole is not JSON / NDJSON or holds no record
     */
    public Batch parse(Buffer body, boolean ndjson, String defaultStream) {
        List<Object> items = new ArrayList<>();
        List<RecordError> errors = new ArrayList<>();
        byte[] raw = body.getBytes();
        if (ndjson) {
            int start = 0;
            while (start <= raw.length) {
                int end = start;
                while (end < raw.length && raw[end] != '\n') {
                    end++; // '\n' never occurs inside a multi-byte UTF-8 sequence: splitting bytes is safe
                }
                String line = strictUtf8(raw, start, end - start);
                start = end + 1;
                if (line != null && line.isBlank()) {
                    continue;
                }
                if (line == null) {
                    errors.add(new RecordError(items.size(), DeadLetterReason.MALFORMED_JSON.name(),
                            "the line is not valid UTF-8"));
                    items.add(null);
                    continue;
                }
                try {
                    items.add(new JsonObject(line));
                } catch (DecodeException | ClassCastException e) {
                    errors.add(new RecordError(items.size(), DeadLetterReason.MALFORMED_JSON.name(),
                            "not one JSON object: " + firstLine(e.getMessage())));
                    items.add(null);
                }
            }
        } else {
            String decoded = strictUtf8(raw, 0, raw.length);
            if (decoded == null) {
                // RFC 8259 §8.1: JSON text exchanged between systems is UTF-8; a lenient decode would rewrite ids
                throw GatewayException.badRequest("the body is not valid UTF-8 (JSON text must be UTF-8, RFC 8259)");
            }
            String text = decoded.strip();
            try {
                if (text.startsWith("[")) {
                    new JsonArray(text).forEach(items::add);
                } else if (text.startsWith("{")) {
                    items.add(new JsonObject(text));
                } else {
                    throw GatewayException.badRequest("the body must be a JSON object, a JSON array of objects, or "
                            + "NDJSON with Content-Type application/x-ndjson");
                }
            } catch (DecodeException e) {
                throw new GatewayException(400, "the body is not valid JSON",
                        List.of(firstLine(e.getMessage())));
            }
        }
        if (items.isEmpty()) {
            throw GatewayException.badRequest("the body holds no observation");
        }
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (item == null) {
                continue; // already an error
            }
            if (!(item instanceof JsonObject o)) {
                errors.add(new RecordError(i, DeadLetterReason.MALFORMED_JSON.name(), "the record is not a JSON object"));
                continue;
            }
            Object stream = o.getValue("stream");
            if (stream == null && defaultStream != null) {
                stream = defaultStream;
            }
            if (!(stream instanceof String id)) {
                errors.add(new RecordError(i, DeadLetterReason.BAD_KEY.name(), stream == null
                        ? "stream is missing (a field of the record, or the ?stream= query parameter)"
                        : "stream must be a string"));
                continue;
            }
            byte[] key = strictUtf8(id);
            if (key == null) {
                // a lone surrogate (a JSON escape such as \ud800, or a percent-encoded ?stream=) has no UTF-8 form:
                // String.getBytes would write '?' and merge distinct ids into one stream; the engine refuses such keys
                errors.add(new RecordError(i, DeadLetterReason.BAD_KEY.name(), KEY_NOT_UTF8));
                continue;
            }
            ObservationValidator.Outcome r;
            byte[] bytes;
            try {
                JsonObject value = new JsonObject(new java.util.LinkedHashMap<>(o.getMap())); // shallow: only "stream" goes
                value.remove("stream");
                bytes = value.toBuffer().getBytes();
                r = validator.validate(key, bytes);
            } catch (RuntimeException e) {
                // whatever a validator throws on one record is that record's 400 entry, never a 500 for the request
                errors.add(new RecordError(i, DeadLetterReason.MALFORMED_JSON.name(), "the record cannot be validated: "
                        + firstLine(String.valueOf(e.getMessage()))));
                continue;
            }
            if (r.reason() != null) {
                errors.add(new RecordError(i, r.reason().name(), r.detail()));
            } else if (inputDim > 0 && r.observation().values().length != inputDim) {
                errors.add(new RecordError(i, DeadLetterReason.WRONG_DIMENSION.name(), "values has "
                        + r.observation().values().length + " entries; the model expects " + inputDim));
            } else {
                records.add(new ProducerRecord<>(topic, key, bytes));
            }
        }
        return errors.isEmpty() ? new Batch(records, List.of()) : new Batch(List.of(), errors);
    }

    private volatile boolean initialised;

    /**
     * Writes the records in one transaction and waits for the commit. Blocking: call it off the event loop, from
     * one thread at a time.
     *
     * @throws GatewayException 503 when Kafka does not take them (nothing is visible to read_committed consumers)
     */
    public synchronized int write(List<ProducerRecord<byte[], byte[]>> records) {
        try {
            if (!initialised) {
                producer.initTransactions();
                initialised = true;
            }
            producer.beginTransaction();
            List<Future<?>> acks = new ArrayList<>(records.size());
            for (ProducerRecord<byte[], byte[]> r : records) {
                acks.add(producer.send(r));
            }
            producer.commitTransaction();
            return acks.size();
        } catch (KafkaException e) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
            }
            throw new GatewayException(503, "Kafka did not take the observations; nothing was written",
                    List.of(firstLine(String.valueOf(e.getMessage()))));
        }
    }

    /** The engine's detail for a key that is not UTF-8 ({@link ObservationValidator}). */
    static final String KEY_NOT_UTF8 = "the key is not valid UTF-8";

    /** {@code bytes[offset, offset + length)} decoded as strict UTF-8, or null when they are not valid UTF-8. */
    public static String strictUtf8(byte[] bytes, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The UTF-8 bytes of {@code s}, or null when it holds a lone surrogate (no UTF-8 form). */
    static byte[] strictUtf8(String s) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(s));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl > 0 ? s.substring(0, nl) : s;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
