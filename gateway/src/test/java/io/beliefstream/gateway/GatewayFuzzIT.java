package io.beliefstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.beliefstream.embedded.EmbeddedKafka;
import io.beliefstream.embedded.EmbeddedKafkaExtension;
import io.beliefstream.monitoring.Monitoring;
import io.beliefstream.streams.EngineConfig;
import io.beliefstream.streams.TopicAdmin;
import io.beliefstream.streams.Topics;
import io.beliefstream.streams.testing.KafkaTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13, deliverable 4 (HTTP half): 5,000 generated requests from a fixed seed against a real gateway on 127.0.0.1
 * and the real embedded broker: random methods, paths, query strings, headers, content types, origins and tokens, and
 * bodies from random bytes and bad UTF-8 to random, deep and oversized JSON, extreme numbers and timestamps, and
 * near-valid observations. Every answer is below 500; every 4xx is a JSON object with an {@code error} message; the
 * sum of {@code accepted} over the 202s is exactly what reached the observations topic (read_committed), and every
 * key written there is valid UTF-8 without control characters.
 *
 * <p>Bounded in count ({@link #REQUESTS}) and in time (each exchange waits at most {@link #TIMEOUT_MS}).
 */
@Tag("integration")
@ExtendWith(EmbeddedKafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayFuzzIT {
    static final long SEED = 13L;
    static final int REQUESTS = 5_000;
    static final int TIMEOUT_MS = 30_000;
    static final int MAX_BODY = 32 * 1024;
    static final String WRITER = "fuzz-writer-token-1";
    static final String READER = "fuzz-reader-token-1";
    static final String ALLOWED_ORIGIN = "https://grafana.example:3000";
    static final Duration WAIT = Duration.ofSeconds(60);

    Topics topics;
    Vertx vertx;
    Monitoring monitoring;
    GatewayServer gateway;
    KafkaTestClient client;
    RawHttp http;

    @BeforeAll
    void start(EmbeddedKafka kafka) throws Exception {
        topics = new Topics("gw-fuzz-" + UUID.randomUUID().toString().substring(0, 8) + ".");
        EngineConfig config = EngineConfig.defaults(kafka.bootstrapServers()).withTopics(topics);
        TopicAdmin.ensureTopics(config);
        vertx = Vertx.vertx();
        monitoring = new Monitoring();
        GatewayConfig gc = GatewayConfig.of("127.0.0.1", 0)
                .withTokens(ApiTokens.parse(WRITER + ":read,write;" + READER + ":read"))
                .withMaxBodyBytes(MAX_BODY).withCorsOrigins(List.of(ALLOWED_ORIGIN));
        gateway = GatewayServer.start(vertx, gc, monitoring, new GatewaySources(kafka.bootstrapServers(), topics, 1,
                config.maxRecordBytes(), () -> true, new GatewayIT.FakeCatalog()));
        assertThat(gateway.awaitFeed(WAIT)).isTrue();
        client = new KafkaTestClient(kafka.bootstrapServers());
        http = new RawHttp("127.0.0.1", gateway.port(), TIMEOUT_MS);
    }

    @AfterAll
    void stop() throws Exception {
        if (http != null) {
            http.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (client != null) {
            client.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        monitoring.close();
    }

    @Test
    void shouldAnswerEveryGeneratedRequestBelow500WithJsonErrorsAndWriteExactlyWhatItAccepted(EmbeddedKafka kafka)
            throws Exception {
        Generator g = new Generator(new Random(SEED), "127.0.0.1:" + gateway.port());
        // finding 3b: each refused origin logged an ERROR with a stack trace; nothing a client sends may do that
        List<String> errorsLogged = java.util.Collections.synchronizedList(new ArrayList<>());
        org.apache.logging.log4j.core.Logger errorsLog = (org.apache.logging.log4j.core.Logger)
                org.apache.logging.log4j.LogManager.getLogger(io.beliefstream.gateway.internal.Errors.class);
        var capture = new org.apache.logging.log4j.core.appender.AbstractAppender("fuzz-errors", null, null, true,
                org.apache.logging.log4j.core.config.Property.EMPTY_ARRAY) {
            @Override
            public void append(org.apache.logging.log4j.core.LogEvent event) {
                if (event.getLevel().isMoreSpecificThan(org.apache.logging.log4j.Level.WARN)) {
                    errorsLogged.add(event.getMessage().getFormattedMessage());
                }
            }
        };
        capture.start();
        errorsLog.addAppender(capture);
        long accepted = 0;
        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        int dropped = 0;
        for (int i = 0; i < REQUESTS; i++) {
            Generator.Request req = g.next();
            RawHttp.Response r;
            try {
                r = http.exchange(req.bytes(), req.method().equals("HEAD"));
            } catch (IOException e) {
                // only a request the server refused before reading its body may lose the answer to a reset
                if (req.bytes().length > MAX_BODY) {
                    dropped++;
                    continue;
                }
                problems.add("#" + i + " " + req.describe() + ": no response (" + e + ")");
                continue;
            }
            byStatus.merge(r.status(), 1, Integer::sum);
            if (r.status() >= 500) {
                problems.add("#" + i + " " + req.describe() + ": " + r.status() + " " + r.text());
            } else if (r.status() >= 400 && !req.method().equals("HEAD")) {
                String problem = jsonErrorProblem(r);
                if (problem != null) {
                    problems.add("#" + i + " " + req.describe() + ": " + r.status() + " " + problem);
                }
            } else if (r.status() == 202) {
                accepted += new JsonObject(r.text()).getLong("accepted");
            }
            if (problems.size() > 20) {
                break;
            }
        }
        System.out.printf("GatewayFuzzIT: %d requests, answers by status %s, %d unanswered (over the body limit), "
                + "%d records accepted%n", REQUESTS, byStatus, dropped, accepted);
        errorsLog.removeAppender(capture);
        assertThat(problems).as("requests answered with 5xx, without a JSON error, or not at all").isEmpty();
        assertThat(errorsLogged).as("warnings and errors logged for client requests").isEmpty();
        assertThat(byStatus.values().stream().mapToInt(Integer::intValue).sum() + dropped).isEqualTo(REQUESTS);
        // the mix reaches the handlers: writes accepted and refused, reads served, every kind of refusal
        assertThat(byStatus).containsKeys(200, 202, 400, 401, 403, 404, 405, 413, 415);
        assertThat(accepted).as("records accepted over %s requests", REQUESTS).isGreaterThan(100);

        String marker = "fuzz-marker-" + UUID.randomUUID().toString().substring(0, 6);
        byte[] body = ("{\"stream\":\"" + marker + "\",\"timestamp\":1,\"values\":[1]}").getBytes(StandardCharsets.UTF_8);
        RawHttp.Response m = http.exchange(Generator.frame("POST", "/v1/observations", List.of(
                "Host: 127.0.0.1:" + gateway.port(), "Authorization: Bearer " + WRITER,
                "Content-Type: application/json"), body), false);
        assertThat(m.status()).as(m.text()).isEqualTo(202);
        List<ConsumerRecord<byte[], byte[]>> written = readToEnd(kafka.bootstrapServers(), topics.observations());
        assertThat(written).as("the marker arrived").anyMatch(x -> marker.equals(KafkaTestClient.text(x.key())));
        assertThat(written.size() - 1L).as("records on the topic = sum of accepted").isEqualTo(accepted);
        for (ConsumerRecord<byte[], byte[]> x : written) {
            String key = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(x.key())).toString();
            assertThat(key.chars().noneMatch(Character::isISOControl)).as(key).isTrue();
        }
    }

    /**
     * Every committed record of {@code topic}: reads each partition from the start up to its end offset as a
     * read_committed consumer sees it now (the last stable offset), waiting at most {@link #WAIT}.
     */
    static List<ConsumerRecord<byte[], byte[]>> readToEnd(String bootstrap, String topic) {
        List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "enable.auto.commit", false, "isolation.level", "read_committed"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> c.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
            assertThat(partitions).as("every partition read to its end").allMatch(p -> c.position(p) >= end.get(p));
        }
        return seen;
    }

    /** Null when the response is a JSON object with a non-blank "error" string, else what is wrong. */
    static String jsonErrorProblem(RawHttp.Response r) {
        String type = r.headers().getOrDefault("content-type", "");
        if (!type.startsWith("application/json")) {
            return "Content-Type '" + type + "': " + r.text();
        }
        try {
            String error = new JsonObject(r.text()).getString("error");
            return error == null || error.isBlank() ? "no error message: " + r.text() : null;
        } catch (RuntimeException e) {
            return "not a JSON object: " + r.text();
        }
    }

    /** Requests from a seeded {@link Random}: mostly well framed, with every part varied. */
    static final class Generator {
        record Request(String method, String target, byte[] bytes) {
            String describe() {
                String t = target.length() > 120 ? target.substring(0, 120) + "..." : target;
                return method + " " + t + " (" + bytes.length + " bytes)";
            }
        }

        private static final String[] METHODS = {"GET", "GET", "GET", "POST", "POST", "POST", "POST", "PUT", "DELETE",
            "OPTIONS", "HEAD", "PATCH", "TRACE", "BREW", "get"};
        private static final String[] PATHS = {"/v1/observations", "/v1/observations", "/v1/observations",
            "/v1/streams", "/v1/streams/{id}", "/v1/streams/{id}/events", "/v1/events", "/v1/service", "/v1/models",
            "/v1/models/last-value/activate", "/v1/models/{id}/activate", "/health/live", "/health/ready", "/metrics",
            "/openapi.json", "/", "/dashboard.js", "/vendor/chart.umd.min.js", "/v1", "/v1/streams/{id}/x",
            "/../../etc/passwd", "//v1//streams", "/v1/streams/%2e%2e/%2e%2e", "*"};
        private static final String[] TYPES = {"application/json", "application/json", "application/json; charset=utf-8",
            "application/x-ndjson", "text/json", "application/jsonl", "text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/json;;;", "APPLICATION/JSON", "", "*/*", "json"};
        private static final String[] TIMESTAMPS = {"1", "0", "-1", "1700000000000", "9223372036854775807",
            "-9223372036854775808", "9223372036854775808", "1e30", "1.5", "\"2024-01-31T12:00:00Z\"",
            "\"+300000000-01-01T00:00:00Z\"", "\"-999999999-01-01T00:00:00Z\"", "\"+1000000000-12-31T23:59:59Z\"",
            "\"2024-13-01T00:00:00Z\"", "\"yesterday\"", "null", "true", "[]", "{}", "\"\""};
        private static final String[] NUMBERS = {"1", "-0", "0.0", "3.4e38", "-3.4e38", "3.5e38", "1e309", "-1e309",
            "1e-50", "4.9e-324", "123456789012345678901234567890", "NaN", "Infinity", "-Infinity", "1.7976931348623157e308",
            "0x10", "01", "1.", ".5", "1e", "\"1\"", "null", "true", "[1]"};

        private final Random rnd;
        private final String host;

        Generator(Random rnd, String host) {
            this.rnd = rnd;
            this.host = host;
        }

        Request next() {
            if (rnd.nextInt(40) == 0) {
                // random bytes, ended like a request head so that the server has all it will get
                byte[] garbage = randomBytes(rnd.nextInt(200) + 1);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(garbage);
                out.writeBytes("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                return new Request("RAW", "(random bytes)", out.toByteArray());
            }
            if (rnd.nextInt(3) == 0) {
                return write();
            }
            String method = METHODS[rnd.nextInt(METHODS.length)];
            String target = target();
            List<String> headers = new ArrayList<>();
            if (rnd.nextInt(20) != 0) {
                headers.add("Host: " + (rnd.nextInt(10) == 0 ? "elsewhere.example" : host));
            }
            switch (rnd.nextInt(6)) {
                case 0, 1 -> headers.add("Authorization: Bearer " + WRITER);
                case 2 -> headers.add("Authorization: Bearer " + READER);
                case 3 -> headers.add("Authorization: " + pick("Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "bearer "
                        + WRITER, "Bearer " + "x".repeat(rnd.nextInt(3000))));
                default -> { }
            }
            if (rnd.nextInt(4) != 0) {
                headers.add("Content-Type: " + TYPES[rnd.nextInt(TYPES.length)]);
            }
            switch (rnd.nextInt(8)) {
                case 0 -> headers.add("Origin: http://" + host);
                case 1 -> headers.add("Origin: " + ALLOWED_ORIGIN);
                case 2 -> headers.add("Origin: " + pick("http://evil.example", "null", "file://", "http://" + host
                        + ".evil.example", "ftp://127.0.0.1", "http://[::1", "%%%"));
                default -> { }
            }
            if (rnd.nextInt(10) == 0) {
                headers.add(pick("Access-Control-Request-Method: POST", "Last-Event-ID: 12", "Accept: text/event-stream",
                        "X-Fuzz: " + "y".repeat(rnd.nextInt(20_000)), "X-Bytes: " + latin1(randomBytes(20)),
                        "Content-Encoding: gzip", "Expect: 100-continue", "Transfer-Encoding: identity"));
            }
            byte[] body = method.equals("GET") && rnd.nextInt(4) != 0 ? new byte[0] : body();
            return new Request(method, target, frame(method, target, headers, body));
        }

        /** A write as a client means it: the writer's token, a JSON type, observations (some of them bent). */
        private Request write() {
            boolean nd = rnd.nextInt(4) == 0;
            List<String> headers = new ArrayList<>(List.of("Host: " + host, "Authorization: Bearer " + WRITER,
                    "Content-Type: " + (nd ? "application/x-ndjson" : "application/json")));
            if (rnd.nextBoolean()) {
                headers.add("Origin: " + pick("http://" + host, ALLOWED_ORIGIN));
            }
            String target = "/v1/observations" + (rnd.nextInt(5) == 0 ? "?stream=" + id(false) : "");
            return new Request("POST", target, frame("POST", target, headers, utf8(nd ? ndjson() : observations())));
        }

        /** Request line, headers, Content-Length (unless the body is empty for a GET) and the body. */
        static byte[] frame(String method, String target, List<String> headers, byte[] body) {
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            for (String h : headers) {
                head.append(h).append("\r\n");
            }
            if (body.length > 0 || !method.equals("GET")) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(body);
            return out.toByteArray();
        }

        private String target() {
            String path = PATHS[rnd.nextInt(PATHS.length)].replace("{id}", id(false));
            if (rnd.nextInt(30) == 0) {
                path = "/v1/" + "a".repeat(rnd.nextInt(12_000));
            }
            StringBuilder q = new StringBuilder();
            int params = rnd.nextInt(4) == 0 ? rnd.nextInt(4) : 0;
            for (int p = 0; p < params; p++) {
                q.append(p == 0 ? "?" : "&").append(pick("stream=" + id(false), "stream=%FF%FE", "stream=%ED%A0%80",
                        "sort=" + pick("score", "id", "recent", "colour", "%zz"), "limit=" + pick("1", "0", "-5",
                        "99999999999", "1e3", ""), "offset=" + pick("0", "2147483647", "x"), "history=true",
                        "access_token=" + pick(READER, WRITER, "nope"), "%", "=", "a=%E2%82", "stream=a%00b"));
            }
            return path + q;
        }

        /** A stream id, percent-encoded for a URL when {@code json} is false, else JSON-escaped content. */
        private String id(boolean json) {
            String raw = switch (rnd.nextInt(10)) {
                case 0 -> "s" + rnd.nextInt(5) + "\\ud800x";
                case 1 -> "tab\\tid";
                case 2 -> "k".repeat(250 + rnd.nextInt(20));
                case 3 -> "\u00e9\u6f22\ud83d\ude00";
                case 4 -> "";
                default -> "fuzz-" + rnd.nextInt(50);
            };
            if (json) {
                return raw.replace("\\t", "\t").chars().mapToObj(c -> c < 0x20 ? String.format("\\u%04x", c)
                        : String.valueOf((char) c)).reduce("", String::concat);
            }
            return java.net.URLEncoder.encode(raw, StandardCharsets.UTF_8);
        }

        private byte[] body() {
            return switch (rnd.nextInt(12)) {
                case 0 -> randomBytes(rnd.nextInt(400));
                case 1 -> utf8(randomJson(0));
                case 2 -> utf8("[".repeat(1_000 + rnd.nextInt(3_000)) + "]".repeat(rnd.nextInt(3)));
                case 3 -> oversized();
                case 4 -> badUtf8Observation();
                case 5 -> utf8(ndjson());
                case 6 -> new byte[0];
                default -> utf8(observations());
            };
        }

        private String observations() {
            int n = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 100 : 5);
            StringBuilder b = new StringBuilder(n == 1 && rnd.nextBoolean() ? "" : "[");
            for (int k = 0; k < n; k++) {
                if (k > 0) {
                    b.append(',');
                }
                b.append(observation());
            }
            if (b.charAt(0) == '[') {
                b.append(']');
            }
            return b.toString();
        }

        private String ndjson() {
            int n = 1 + rnd.nextInt(6);
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < n; k++) {
                b.append(rnd.nextInt(8) == 0 ? randomJson(0) : observation()).append(rnd.nextBoolean() ? "\n" : "\r\n");
            }
            return b.toString();
        }

        /** Usually valid (so that writes get accepted), sometimes one field bent. */
        private String observation() {
            boolean bend = rnd.nextInt(12) == 0;
            String stream = bend && rnd.nextInt(3) == 0 ? id(true) : "fuzz-" + rnd.nextInt(50);
            String ts = bend && rnd.nextBoolean() ? TIMESTAMPS[rnd.nextInt(TIMESTAMPS.length)]
                    : String.valueOf(1_700_000_000_000L + rnd.nextInt(1_000_000));
            String values = bend && rnd.nextBoolean() ? "[" + NUMBERS[rnd.nextInt(NUMBERS.length)] + "]"
                    : "[" + (rnd.nextGaussian() * 10) + "]";
            StringBuilder o = new StringBuilder("{");
            if (!(bend && rnd.nextInt(6) == 0)) {
                o.append("\"stream\":\"").append(stream).append("\",");
            }
            o.append("\"timestamp\":").append(ts).append(",\"values\":").append(values);
            if (bend && rnd.nextInt(4) == 0) {
                o.append(",\"extra\":").append(randomJson(0));
            }
            return o.append('}').toString();
        }

        private byte[] badUtf8Observation() {
            byte[] head = ("{\"stream\":\"fuzz-bad-" + rnd.nextInt(3)).getBytes(StandardCharsets.UTF_8);
            byte[][] bad = {{(byte) 0xff, (byte) 0xfe}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xc0, (byte) 0xaf},
                {(byte) 0xe2, (byte) 0x82}, {(byte) 0x80}};
            byte[] mid = bad[rnd.nextInt(bad.length)];
            byte[] tail = "\",\"timestamp\":1,\"values\":[1]}".getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(head);
            out.writeBytes(mid);
            out.writeBytes(tail);
            return out.toByteArray();
        }

        private byte[] oversized() {
            StringBuilder b = new StringBuilder("[");
            while (b.length() <= MAX_BODY + rnd.nextInt(MAX_BODY)) {
                b.append(b.length() > 1 ? "," : "").append("{\"stream\":\"big\",\"timestamp\":1,\"values\":[1]}");
            }
            return utf8(b.append(']').toString());
        }

        private String randomJson(int depth) {
            int kind = depth > 4 ? 3 + rnd.nextInt(4) : rnd.nextInt(7);
            switch (kind) {
                case 0 -> {
                    StringBuilder b = new StringBuilder("{");
                    int n = rnd.nextInt(4);
                    for (int k = 0; k < n; k++) {
                        b.append(k > 0 ? "," : "").append('"').append(pick("stream", "timestamp", "values", "schema",
                                "x", "")).append("\":").append(randomJson(depth + 1));
                    }
                    return b.append('}').toString();
                }
                case 1, 2 -> {
                    StringBuilder b = new StringBuilder("[");
                    int n = rnd.nextInt(4);
                    for (int k = 0; k < n; k++) {
                        b.append(k > 0 ? "," : "").append(randomJson(depth + 1));
                    }
                    return b.append(']').toString();
                }
                case 3 -> {
                    return NUMBERS[rnd.nextInt(NUMBERS.length)];
                }
                case 4 -> {
                    return TIMESTAMPS[rnd.nextInt(TIMESTAMPS.length)];
                }
                case 5 -> {
                    return "\"" + pick("\\ud800", "\\u0000", "\\\\", "\\\"", "\u00e9", "a\\udc00b", "\\uZZZZ") + "\"";
                }
                default -> {
                    return pick("true", "false", "null", "", "{", "]", "\"unterminated");
                }
            }
        }

        private String pick(String... options) {
            return options[rnd.nextInt(options.length)];
        }

        private byte[] randomBytes(int n) {
            byte[] b = new byte[n];
            rnd.nextBytes(b);
            return b;
        }

        private static String latin1(byte[] b) {
            return new String(b, StandardCharsets.ISO_8859_1);
        }

        private static byte[] utf8(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
    }
}
