package io.beliefstream.gateway.internal;

import io.beliefstream.gateway.GatewayException;
import io.beliefstream.streams.DeadLetterReason;
import io.beliefstream.streams.internal.ObservationDecoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
 * engine's own {@link ObservationDecoder} rules (key, size, JSON shape, field types, finiteness) plus the model's
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
    private final ObservationDecoder decoder;

    public ObservationIngest(String bootstrap, String topic, int inputDim, int maxRecordBytes) {
        this.topic = topic;
        this.inputDim = inputDim;
        this.decoder = new ObservationDecoder(maxRecordBytes);
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
        if (ndjson) {
            String[] lines = body.toString(StandardCharsets.UTF_8).split("\n");
            for (String line : lines) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    items.add(new JsonObject(line));
                } catch (DecodeException e) {
                    errors.add(new RecordError(items.size(), DeadLetterReason.MALFORMED_JSON.name(),
                            "not one JSON object: " + firstLine(e.getMessage())));
                    items.add(null);
                }
            }
        } else {
            String text = body.toString(StandardCharsets.UTF_8).strip();
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
            JsonObject value = new JsonObject(new java.util.LinkedHashMap<>(o.getMap())); // shallow: only "stream" goes
            value.remove("stream");
            byte[] key = id.getBytes(StandardCharsets.UTF_8);
            byte[] bytes = value.toBuffer().getBytes();
            ObservationDecoder.Result r = decoder.decode(key, bytes, -1, -1);
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
