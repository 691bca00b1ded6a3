package io.beliefstream.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beliefstream.models.tdvae.TdVaeModel;
import io.beliefstream.models.vqvae.VqVaeModel;
import io.beliefstream.streams.DeadLetterReason;
import io.beliefstream.streams.EngineConfig;
import io.beliefstream.streams.EngineStats;
import io.beliefstream.streams.ModelSet;
import io.beliefstream.streams.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, deliverable 4 (engine half): 100,000 generated records, hostile and valid mixed, through the engine's
 * decoding and batched model step (TD-VAE, online VQ-VAE and normaliser, as served). Fixed seed; bounded in count
 * (the run takes a few seconds). Checks that nothing escapes, that every record yields exactly one prediction or one
 * dead letter, that records of a kind whose reason is known get that reason, that every dead letter fits a produce
 * request, and that no stream's state becomes non-finite.
 */
class EngineFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDS = 100_000;
    private static final int POLL = 1000;
    private static final int STREAMS = 256;
    private static final long T0 = 1_700_000_000_000L;
    private static final String[] EXTREME_NUMBERS = {"3.4e38", "-3.4e38", "3.4028235e38", "1e15", "-1e15",
        "1.0000001e15", "1.4e-45", "-1.4e-45", "1e-300", "4.9e-324", "0", "-0.0", "1e39", "-1e400", "NaN", "Infinity",
        "-Infinity", "123456789012345678901234567890", "2.2250738585072014E-308", "0.1e-1000000"};
    private static final String[] BAD_TIMESTAMPS = {"\"+300000000-01-01T00:00:00Z\"", "\"-300000000-01-01T00:00:00Z\"",
        "\"+10000-01-01T00:00:00Z\"", "9223372036854775807", "-9223372036854775808", "99999999999999999999",
        "253402300800000", "\"2024-13-45T25:61:61Z\"", "\"\"", "1.5e12", "true", "null", "[1]", "{\"a\":1}",
        "\"2024-01-01\"", "\"" + "9".repeat(5000) + "\""};

    /** What a generated record is, and the reason it must be refused with ({@code null}: any, or none). */
    private enum Kind {
        VALID(null), RANDOM_BYTES(null), RANDOM_JSON(null), EXTREME_NUMBER(null), BAD_TIMESTAMP(DeadLetterReason.INVALID_FIELD),
        HUGE_KEY(DeadLetterReason.BAD_KEY), HUGE_VALUE(DeadLetterReason.OVERSIZED),
        WRONG_DIMENSION(DeadLetterReason.WRONG_DIMENSION), BAD_UTF8_KEY(DeadLetterReason.BAD_KEY),
        CONTROL_KEY(DeadLetterReason.BAD_KEY), NO_KEY(DeadLetterReason.BAD_KEY), BACKWARDS(DeadLetterReason.TIMESTAMP_BACKWARDS);

        final DeadLetterReason reason;

        Kind(DeadLetterReason reason) {
            this.reason = reason;
        }
    }

    private final Random rnd = new Random(20261207);
    private final long[] lastTimestamp = new long[STREAMS];
    private final int maxRecordBytes = EngineConfig.DEFAULT_MAX_RECORD_BYTES;

    @Test
    void shouldDeadLetterEveryBadRecordWithItsReasonAndKeepEveryStateFinite() throws Exception {
        EngineStats stats = new EngineStats();
        ModelSet models = ModelSet.of(TdVaeModel.loadDefault(TdVaeModel.DEFAULT_HORIZONS,
                TdVaeModel.DEFAULT_INTERVAL_LEVEL), VqVaeModel.loadDefault().withOwnCodebook());
        Engine engine = new Engine(EngineConfig.builder("127.0.0.1:1").topics(new Topics("f.")).build(), models, stats,
                (p, ids) -> Map.of());
        Map<Kind, Integer> generated = new EnumMap<>(Kind.class);
        Map<DeadLetterReason, Integer> reasons = new EnumMap<>(DeadLetterReason.class);
        long offset = 0;
        long engineNanos = 0;
        int predictions = 0;
        int deadLetters = 0;
        for (int polled = 0; polled < RECORDS; polled += POLL) {
            List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(POLL);
            Map<Long, Kind> kinds = new HashMap<>();
            for (int i = 0; i < POLL; i++) {
                Kind kind = pick();
                generated.merge(kind, 1, Integer::sum);
                kinds.put(offset, kind);
                batch.add(record(kind, offset++));
            }
            long now = T0 + polled;
            long t0 = System.nanoTime();
            Engine.BatchOutput out = engine.process(batch, now);
            engineNanos += System.nanoTime() - t0;
            assertThat(out.observations() + out.deadLetters()).as("valid + dead-lettered == input").isEqualTo(POLL);
            assertThat(out.predictions()).isEqualTo(out.observations());
            int batchPredictions = 0;
            int batchDead = 0;
            for (ProducerRecord<byte[], byte[]> r : out.records()) {
                if (r.topic().equals("f.predictions")) {
                    batchPredictions++;
                } else if (r.topic().equals("f.dead-letter")) {
                    batchDead++;
                    assertThat(r.value().length).isLessThanOrEqualTo(MessageEncoder.MAX_DEAD_LETTER_BYTES);
                    JsonNode d = JSON.readTree(r.value());
                    DeadLetterReason reason = DeadLetterReason.valueOf(d.get("reason").asText());
                    reasons.merge(reason, 1, Integer::sum);
                    assertThat(d.get("detail").asText()).isNotBlank();
                    Kind kind = kinds.get(d.at("/source/offset").asLong());
                    assertThat(kind).as("dead letter of offset %s", d.at("/source/offset")).isNotNull()
                            .isNotEqualTo(Kind.VALID);
                    if (kind.reason != null) {
                        assertThat(reason).as("%s at offset %s: %s", kind, d.at("/source/offset"), d.get("detail"))
                                .isEqualTo(kind.reason);
                    }
                    assertThat(reason).isNotEqualTo(DeadLetterReason.UNPROCESSABLE);
                }
            }
            assertThat(batchPredictions).isEqualTo(out.predictions());
            assertThat(batchDead).isEqualTo(out.deadLetters());
            predictions += batchPredictions;
            deadLetters += batchDead;
            assertThat(engine.nonFiniteStates()).as("streams with a non-finite state after poll %d", polled).isZero();
        }
        System.out.printf("fuzz: %d records, %d predictions, %d dead letters %s, engine %.1f s%n", RECORDS, predictions,
                deadLetters, reasons, engineNanos / 1e9);
        assertThat(predictions + deadLetters).isEqualTo(RECORDS);
        assertThat(predictions).as("valid records are predicted").isGreaterThanOrEqualTo(generated.get(Kind.VALID));
        assertThat(stats.stateResets()).isZero();
        assertThat(engine.models().scorer().codebook().stats().liveCodes()).isPositive();
        // every kind was generated and the known reasons were all seen
        assertThat(generated.keySet()).containsAll(Set.of(Kind.values()));
        assertThat(reasons.keySet()).contains(DeadLetterReason.BAD_KEY, DeadLetterReason.OVERSIZED,
                DeadLetterReason.MALFORMED_JSON, DeadLetterReason.INVALID_FIELD, DeadLetterReason.NON_FINITE,
                DeadLetterReason.OUT_OF_RANGE, DeadLetterReason.WRONG_DIMENSION, DeadLetterReason.TIMESTAMP_BACKWARDS);
    }

    private Kind pick() {
        int p = rnd.nextInt(1000);
        if (p < 450) {
            return Kind.VALID;
        }
        Kind[] bad = Kind.values();
        if (p == 450 && rnd.nextInt(5) == 0) {
            return rnd.nextBoolean() ? Kind.HUGE_VALUE : Kind.HUGE_KEY; // 1 in 5,000: they are big
        }
        Kind k;
        do {
            k = bad[1 + rnd.nextInt(bad.length - 1)];
        } while (k == Kind.HUGE_VALUE || k == Kind.HUGE_KEY);
        return k;
    }

    private ConsumerRecord<byte[], byte[]> record(Kind kind, long offset) {
        int s = rnd.nextInt(STREAMS);
        byte[] key = ("stream-" + s).getBytes(StandardCharsets.UTF_8);
        String value;
        switch (kind) {
            case RANDOM_BYTES -> {
                byte[] v = new byte[rnd.nextInt(300)];
                rnd.nextBytes(v);
                return rec(offset, rnd.nextInt(4) == 0 ? randomBytes(1 + rnd.nextInt(40)) : key, v);
            }
            case RANDOM_JSON -> value = randomJson(0);
            case EXTREME_NUMBER -> {
                StringBuilder v = new StringBuilder("[");
                v.append(EXTREME_NUMBERS[rnd.nextInt(EXTREME_NUMBERS.length)]);
                value = "{\"timestamp\":" + nextTimestamp(s) + ",\"values\":" + v.append(']') + "}";
            }
            case BAD_TIMESTAMP -> value = "{\"timestamp\":" + BAD_TIMESTAMPS[rnd.nextInt(BAD_TIMESTAMPS.length)]
                    + ",\"values\":[1.5]}";
            case HUGE_KEY -> {
                byte[] big = new byte[ObservationDecoder.MAX_KEY_BYTES + 1 + rnd.nextInt(1 << 20)];
                java.util.Arrays.fill(big, (byte) 'k');
                return rec(offset, big, valid(s).getBytes(StandardCharsets.UTF_8));
            }
            case HUGE_VALUE -> {
                byte[] big = new byte[maxRecordBytes + 1 + rnd.nextInt(800 * 1024)];
                rnd.nextBytes(big);
                return rec(offset, key, big);
            }
            case WRONG_DIMENSION -> value = "{\"timestamp\":" + nextTimestamp(s) + ",\"values\":"
                    + (rnd.nextBoolean() ? "[]" : "[1,2" + ",3".repeat(rnd.nextInt(5)) + "]") + "}";
            case BAD_UTF8_KEY -> {
                return rec(offset, new byte[] {'s', (byte) 0xC3, (byte) 0x28, (byte) rnd.nextInt(256)},
                        valid(s).getBytes(StandardCharsets.UTF_8));
            }
            case CONTROL_KEY -> {
                return rec(offset, ("s\u0000" + rnd.nextInt(9)).getBytes(StandardCharsets.UTF_8),
                        valid(s).getBytes(StandardCharsets.UTF_8));
            }
            case NO_KEY -> {
                return rec(offset, rnd.nextBoolean() ? null : new byte[0], valid(s).getBytes(StandardCharsets.UTF_8));
            }
            case BACKWARDS -> value = "{\"timestamp\":" + (T0 - 10 * 86_400_000L) + ",\"values\":[1]}"; // predicted
                    // when it is the stream's first record, refused afterwards
            default -> value = valid(s);
        }
        return rec(offset, key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A valid observation of stream {@code s}: a noisy oscillation with occasional bursts of the largest values. */
    private String valid(int s) {
        double v = rnd.nextInt(200) == 0 ? (rnd.nextBoolean() ? 1e15 : -1e15)
                : 10 * Math.sin(lastTimestamp[s] / 60_000.0 * (0.1 + 0.01 * s)) + rnd.nextGaussian();
        if (rnd.nextInt(100) == 0) {
            v = Float.MIN_VALUE * rnd.nextInt(3); // subnormal or zero
        }
        return "{\"timestamp\":" + nextTimestamp(s) + ",\"values\":[" + v + "]}";
    }

    private long nextTimestamp(int s) {
        lastTimestamp[s] = Math.max(lastTimestamp[s], T0) + 60_000L;
        return lastTimestamp[s];
    }

    private String randomJson(int depth) {
        return switch (rnd.nextInt(depth > 3 ? 5 : 8)) {
            case 0 -> String.valueOf(rnd.nextLong());
            case 1 -> "\"" + new String(randomBytes(rnd.nextInt(20)), StandardCharsets.UTF_8).replace("\\", "")
                    .replace("\"", "") + "\"";
            case 2 -> EXTREME_NUMBERS[rnd.nextInt(EXTREME_NUMBERS.length)];
            case 3 -> rnd.nextBoolean() ? "true" : "null";
            case 4 -> "{\"timestamp\":" + BAD_TIMESTAMPS[rnd.nextInt(BAD_TIMESTAMPS.length)] + "}";
            case 5 -> {
                StringBuilder b = new StringBuilder("[");
                for (int i = rnd.nextInt(4); i > 0; i--) {
                    b.append(randomJson(depth + 1)).append(i > 1 ? "," : "");
                }
                yield b.append(']').toString();
            }
            default -> {
                String[] names = {"timestamp", "values", "schema", "x", ""};
                StringBuilder b = new StringBuilder("{");
                for (int i = rnd.nextInt(4); i > 0; i--) {
                    b.append('"').append(names[rnd.nextInt(names.length)]).append("\":").append(randomJson(depth + 1))
                            .append(i > 1 ? "," : "");
                }
                String json = b.append('}').toString();
                yield rnd.nextInt(5) == 0 ? json.substring(0, rnd.nextInt(json.length())) : json; // sometimes cut
            }
        };
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private ConsumerRecord<byte[], byte[]> rec(long offset, byte[] key, byte[] value) {
        return new ConsumerRecord<>("f.observations", (int) (offset % 4), offset, key, value);
    }
}
