package io.beliefstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.beliefstream.embedded.EmbeddedKafka;
import io.beliefstream.embedded.EmbeddedKafkaExtension;
import io.beliefstream.models.baseline.LastValueModel;
import io.beliefstream.monitoring.EngineMetrics;
import io.beliefstream.monitoring.Monitoring;
import io.beliefstream.streams.EngineConfig;
import io.beliefstream.streams.StreamsService;
import io.beliefstream.streams.Topics;
import io.beliefstream.streams.testing.KafkaTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway end to end against a real broker and a real engine (last-value model): observations POSTed over HTTP
 * reach the engine, the stream's forecast shows in {@code GET /v1/streams/{id}}, the SSE feed delivers the new
 * predictions; auth, validation and size limits refuse without writing anything.
 */
@Tag("integration")
@ExtendWith(EmbeddedKafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayIT {
    static final String WRITER = "writer-token-0001";
    static final String READER = "reader-token-0001";
    static final int MAX_BODY = 64 * 1024;
    static final String ALLOWED_ORIGIN = "http://dashboards.example:3000";
    static final Duration WAIT = Duration.ofSeconds(60);

    EmbeddedKafka kafka;
    Topics topics;
    Vertx vertx;
    Monitoring monitoring;
    StreamsService engine;
    GatewayServer gateway;
    KafkaTestClient client;
    HttpClient http;
    String base;

    @BeforeAll
    void start(EmbeddedKafka kafka) throws Exception {
        this.kafka = kafka;
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        topics = new Topics("gw-it-" + suffix + ".");
        EngineConfig config = EngineConfig.defaults(kafka.bootstrapServers()).withTopics(topics)
                .withGroupId("gw-it-engine-" + suffix).withSessionTimeout(Duration.ofSeconds(6));
        vertx = Vertx.vertx();
        monitoring = new Monitoring();
        engine = StreamsService.start(vertx, config, new LastValueModel(1, new int[] {1, 5}, 0.8));
        monitoring.bind(new EngineMetrics(engine::stats));
        assertThat(engine.awaitAssignment(WAIT)).isTrue();
        GatewayConfig gc = GatewayConfig.of("127.0.0.1", 0)
                .withTokens(ApiTokens.parse(WRITER + ":read,write;" + READER + ":read"))
                .withMaxBodyBytes(MAX_BODY).withCorsOrigins(List.of(ALLOWED_ORIGIN));
        gateway = GatewayServer.start(vertx, gc, monitoring, new GatewaySources(kafka.bootstrapServers(), topics,
                1, config.maxRecordBytes(), () -> engine.isRunning() && !engine.assignment().isEmpty(),
                new FakeCatalog()));
        assertThat(gateway.awaitFeed(WAIT)).isTrue();
        client = new KafkaTestClient(kafka.bootstrapServers());
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        base = "http://127.0.0.1:" + gateway.port();
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (client != null) {
            client.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        monitoring.close();
    }

    static final class FakeCatalog implements ModelCatalog {
        @Override
        public List<ModelDescriptor> models() {
            return List.of(new ModelDescriptor("last-value", "1", "forecaster", "last-value/1", true));
        }

        @Override
        public Activation activate(String name) {
            if (name.equals("last-value")) {
                return new Activation(models().get(0), false);
            }
            throw GatewayException.notFound("no model named '" + name + "'");
        }
    }

    HttpResponse<String> send(String method, String path, String token, String contentType, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        return send("GET", path, token, null, null);
    }

    HttpResponse<String> sendBytes(String path, String contentType, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + WRITER).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> withOrigin(String method, String path, String origin, String contentType, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Origin", origin).header("Authorization", "Bearer " + WRITER);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls /health/ready until it answers {@code status} (bounded by WAIT); returns the last answer. */
    HttpResponse<String> awaitReadiness(int status) throws Exception {
        HttpResponse<String> r = get("/health/ready", null);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (r.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = get("/health/ready", null);
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return r;
    }

    static void assertJsonError(HttpResponse<String> r, int status, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("application/json"));
        assertThat(new JsonObject(r.body()).getString("error")).contains(message);
    }

    static String observation(String stream, long t, double v) {
        return new JsonObject().put("stream", stream).put("timestamp", t).put("values", new JsonArray().add(v)).encode();
    }

    /**
     * Keys of the observations topic, every partition read to its end once {@code marker} was accepted (so anything
     * written before it is there too; stopping at the marker alone would miss other partitions' records).
     */
    Set<String> keysWrittenUpTo(String marker) {
        List<ConsumerRecord<byte[], byte[]>> records = GatewayFuzzIT.readToEnd(kafka.bootstrapServers(),
                topics.observations());
        Set<String> keys = new HashSet<>();
        records.forEach(r -> keys.add(KafkaTestClient.text(r.key())));
        assertThat(keys).as("the marker record arrived").contains(marker);
        return keys;
    }

    void writeMarker(String marker) throws Exception {
        HttpResponse<String> r = send("POST", "/v1/observations", WRITER, "application/json",
                observation(marker, 1_000, 1.0));
        assertThat(r.statusCode()).isEqualTo(202);
    }

    @Test
    void shouldCarryPostedObservationsThroughTheEngineToTheStreamViewAndTheLiveFeed() throws Exception {
        String stream = "sensor-" + UUID.randomUUID().toString().substring(0, 6);
        try (SseClient sse = new SseClient(http, base + "/v1/streams/" + stream + "/events", READER)) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.collect(l -> !l.isEmpty(), WAIT)).first().extracting(SseClient.Event::name)
                    .isEqualTo("history");
            JsonArray batch = new JsonArray();
            double[] values = {10, 12, 11, 15, 14};
            for (int i = 0; i < values.length; i++) {
                batch.add(new JsonObject(observation(stream, 1_700_000_000_000L + i * 60_000L, values[i])));
            }
            HttpResponse<String> posted = send("POST", "/v1/observations", WRITER, "application/json", batch.encode());
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
            assertThat(new JsonObject(posted.body()).getInteger("accepted")).isEqualTo(5);

            List<SseClient.Event> events = sse.collect(l -> l.stream().filter(e -> e.name().equals("prediction"))
                    .count() >= 5, WAIT);
            List<Long> seqs = new ArrayList<>();
            List<Double> observed = new ArrayList<>();
            for (SseClient.Event e : events) {
                if (e.name().equals("prediction")) {
                    JsonObject p = e.data().getJsonObject("prediction");
                    assertThat(p.getString("stream")).isEqualTo(stream);
                    seqs.add(p.getLong("seq"));
                    observed.add(p.getJsonArray("observation").getDouble(0));
                    assertThat(e.data().getJsonObject("point").getDouble("x")).isEqualTo(observed.get(observed.size() - 1));
                }
            }
            assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(observed).containsExactly(10.0, 12.0, 11.0, 15.0, 14.0);
        }
        JsonObject detail = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get("/v1/streams/" + stream, READER);
            if (r.statusCode() == 200 && new JsonObject(r.body()).getLong("seq") == 5) {
                detail = new JsonObject(r.body());
                break;
            }
            Thread.sleep(100);
        }
        assertThat(detail).as("GET /v1/streams/%s shows the 5th prediction", stream).isNotNull();
        JsonArray forecasts = detail.getJsonArray("forecasts");
        assertThat(forecasts).hasSize(2);
        for (int h = 0; h < 2; h++) {
            JsonObject f = forecasts.getJsonObject(h);
            assertThat(f.getInteger("horizon")).isEqualTo(h == 0 ? 1 : 5);
            // the last-value model forecasts the last observation, with an interval around it that widens with h
            assertThat(f.getJsonArray("mean").getDouble(0)).isEqualTo(14.0);
            assertThat(f.getJsonArray("lower").getDouble(0)).isLessThan(14.0);
            assertThat(f.getJsonArray("upper").getDouble(0)).isGreaterThan(14.0);
        }
        double width1 = forecasts.getJsonObject(0).getJsonArray("upper").getDouble(0)
                - forecasts.getJsonObject(0).getJsonArray("lower").getDouble(0);
        double width5 = forecasts.getJsonObject(1).getJsonArray("upper").getDouble(0)
                - forecasts.getJsonObject(1).getJsonArray("lower").getDouble(0);
        assertThat(width5).isGreaterThan(width1);
        assertThat(detail.containsKey("anomaly")).isTrue();
        // the anomaly section is always there; five observations are inside the normaliser's warm-up: no score yet
        JsonObject anomaly = detail.getJsonObject("anomaly");
        assertThat(anomaly.getValue("score")).as("no calibrated score during warm-up").isNull();
        assertThat(anomaly.getBoolean("flag")).isFalse();
        // a stream's first 100 surprises stay out of the anomaly score
        assertThat(anomaly.getJsonObject("raw").getValue("surprise_nll")).isNull();
        assertThat(detail.getValue("vq")).isNull();
        assertThat(detail.getJsonObject("model").getString("name")).isEqualTo("last-value");

        JsonObject page = new JsonObject(get("/v1/streams?sort=id&limit=500", READER).body());
        JsonObject item = page.getJsonArray("items").stream().map(o -> (JsonObject) o)
                .filter(o -> stream.equals(o.getString("stream"))).findFirst().orElse(null);
        assertThat(item).as("the stream's list entry").isNotNull();
        // the list entry comes from the record's summary header, the detail from its JSON: the same values
        assertThat(item.getLong("seq")).isEqualTo(5);
        assertThat(item.getLong("timestamp")).isEqualTo(detail.getLong("timestamp"));
        assertThat(item.getJsonArray("observation")).isEqualTo(detail.getJsonArray("observation"));
        assertThat(item.getString("model")).isEqualTo("last-value");
        // the engine's records reach the view through their summary header, none through the JSON
        String metrics = get("/metrics", null).body();
        assertThat(metrics).containsPattern("(?m)^beliefstream_gateway_predictions_read_total\\{.*digest=\"summary\".*\\} [1-9]");
        assertThat(metrics).containsPattern("(?m)^beliefstream_gateway_predictions_read_total\\{.*digest=\"json\".*\\} 0\\.0$");
        HttpResponse<String> withHistory = get("/v1/streams/" + stream + "?history=true", READER);
        assertThat(new JsonObject(withHistory.body()).getJsonArray("history")).hasSize(5);
    }

    @Test
    void shouldRefuseMissingOrWrongTokensAndReadOnlyTokensOnWritesWithoutWritingAnything() throws Exception {
        String noToken = "refused-none-" + UUID.randomUUID().toString().substring(0, 6);
        String badToken = "refused-bad-" + UUID.randomUUID().toString().substring(0, 6);
        String readOnly = "refused-ro-" + UUID.randomUUID().toString().substring(0, 6);
        HttpResponse<String> r1 = send("POST", "/v1/observations", null, "application/json", observation(noToken, 1, 1));
        HttpResponse<String> r2 = send("POST", "/v1/observations", "not-a-known-token", "application/json",
                observation(badToken, 1, 1));
        HttpResponse<String> r3 = send("POST", "/v1/observations", READER, "application/json",
                observation(readOnly, 1, 1));
        assertThat(r1.statusCode()).isEqualTo(401);
        assertThat(r1.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(new JsonObject(r1.body()).getString("error")).contains("authentication required");
        assertThat(r2.statusCode()).isEqualTo(401);
        assertThat(r3.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(r3.body()).getString("error")).contains("write");
        assertThat(get("/v1/streams", null).statusCode()).isEqualTo(401);
        assertThat(get("/v1/streams", "wrong-token-xyz").statusCode()).isEqualTo(401);
        assertThat(get("/v1/streams", READER).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/v1/models/last-value/activate", READER, "application/json", null).statusCode())
                .isEqualTo(403);

        String marker = "marker-auth-" + UUID.randomUUID().toString().substring(0, 6);
        writeMarker(marker);
        assertThat(keysWrittenUpTo(marker)).doesNotContain(noToken, badToken, readOnly);
    }

    @Test
    void shouldRefuseTheWholeRequestListingEveryBadRecordAndWriteNoneOfIt() throws Exception {
        String stream = "all-or-nothing-" + UUID.randomUUID().toString().substring(0, 6);
        String body = "[" + observation(stream, 1, 1.0) + ","
                + "{\"stream\":\"" + stream + "\",\"timestamp\":2,\"values\":[\"high\"]},"
                + "{\"stream\":\"" + stream + "\",\"values\":[3.0]},"
                + "{\"stream\":\"" + stream + "\",\"timestamp\":4,\"values\":[1.0,2.0]},"
                + "{\"timestamp\":5,\"values\":[1.0]},"
                + "{\"stream\":\"" + stream + "\",\"timestamp\":6,\"values\":[1e39]}]";
        HttpResponse<String> r = send("POST", "/v1/observations", WRITER, "application/json", body);
        assertThat(r.statusCode()).isEqualTo(400);
        JsonObject error = new JsonObject(r.body());
        assertThat(error.getString("error")).contains("nothing was written");
        JsonArray details = error.getJsonArray("details");
        assertThat(details).hasSize(5);
        List<String> got = new ArrayList<>();
        for (Object o : details) {
            JsonObject d = (JsonObject) o;
            got.add(d.getInteger("index") + ":" + d.getString("reason"));
            assertThat(d.getString("detail")).isNotBlank();
        }
        assertThat(got).containsExactly("1:INVALID_FIELD", "2:MISSING_FIELD", "3:WRONG_DIMENSION", "4:BAD_KEY",
                "5:NON_FINITE");

        HttpResponse<String> notJson = send("POST", "/v1/observations", WRITER, "application/json", "[{\"stream\":");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(notJson.body()).getString("error")).contains("not valid JSON");

        String marker = "marker-bad-" + UUID.randomUUID().toString().substring(0, 6);
        writeMarker(marker);
        assertThat(keysWrittenUpTo(marker)).doesNotContain(stream);
    }

    @Test
    void shouldAcceptNdjsonAndReportBadLinesByIndex() throws Exception {
        String stream = "ndjson-" + UUID.randomUUID().toString().substring(0, 6);
        String ok = observation(stream, 1, 1) + "\n\n" + observation(stream, 2, 2) + "\n"
                + "{\"timestamp\":3,\"values\":[3]}\n";
        HttpResponse<String> r = send("POST", "/v1/observations?stream=" + stream, WRITER, "application/x-ndjson", ok);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(new JsonObject(r.body()).getInteger("accepted")).isEqualTo(3);
        List<ConsumerRecord<byte[], byte[]>> written = client.readUntil(topics.observations(),
                l -> l.stream().filter(x -> stream.equals(KafkaTestClient.text(x.key()))).count() >= 3, WAIT);
        List<JsonObject> values = written.stream().filter(x -> stream.equals(KafkaTestClient.text(x.key())))
                .map(x -> new JsonObject(KafkaTestClient.text(x.value()))).toList();
        assertThat(values).extracting(v -> v.getLong("timestamp")).containsExactly(1L, 2L, 3L);
        assertThat(values).allSatisfy(v -> assertThat(v.containsKey("stream")).isFalse());

        HttpResponse<String> bad = send("POST", "/v1/observations", WRITER, "application/x-ndjson",
                observation(stream, 4, 4) + "\n{not json}\n");
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonObject d = new JsonObject(bad.body()).getJsonArray("details").getJsonObject(0);
        assertThat(d.getInteger("index")).isEqualTo(1);
        assertThat(d.getString("reason")).isEqualTo("MALFORMED_JSON");
        assertThat(send("POST", "/v1/observations", WRITER, "text/csv", "a,b").statusCode()).isEqualTo(415);
    }

    @Test
    void shouldRefuseBodiesOverTheLimitWith413AndWriteNothing() throws Exception {
        String stream = "too-big-" + UUID.randomUUID().toString().substring(0, 6);
        StringBuilder body = new StringBuilder("[");
        int i = 0;
        while (body.length() <= MAX_BODY + 100) {
            body.append(i == 0 ? "" : ",").append(observation(stream, i, i));
            i++;
        }
        body.append("]");
        HttpResponse<String> r = send("POST", "/v1/observations", WRITER, "application/json", body.toString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(new JsonObject(r.body()).getString("error")).contains("gateway.max-body-bytes");
        String marker = "marker-413-" + UUID.randomUUID().toString().substring(0, 6);
        writeMarker(marker);
        assertThat(keysWrittenUpTo(marker)).doesNotContain(stream);
    }

    @Test
    void shouldPageAndSortTheStreamListAndValidateItsParameters() throws Exception {
        for (int k = 0; k < 3; k++) {
            writeMarker("page-" + k + "-" + UUID.randomUUID().toString().substring(0, 4));
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonObject all = null;
        while (System.nanoTime() < deadline) {
            all = new JsonObject(get("/v1/streams?sort=id&limit=1000", READER).body());
            if (all.getInteger("total") >= 3) {
                break;
            }
            Thread.sleep(100);
        }
        int total = all.getInteger("total");
        assertThat(total).isGreaterThanOrEqualTo(3);
        List<String> ids = all.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("stream")).toList();
        assertThat(ids).isSorted();
        JsonObject first = new JsonObject(get("/v1/streams?sort=id&limit=2", READER).body());
        assertThat(first.getJsonArray("items")).hasSize(2);
        assertThat(first.getString("next")).isEqualTo("/v1/streams?sort=id&limit=2&offset=2");
        JsonObject second = new JsonObject(get(first.getString("next"), READER).body());
        assertThat(second.getJsonArray("items").getJsonObject(0).getString("stream")).isEqualTo(ids.get(2));
        assertThat(get("/v1/streams?sort=colour", READER).statusCode()).isEqualTo(400);
        assertThat(get("/v1/streams?limit=0", READER).statusCode()).isEqualTo(400);
        assertThat(get("/v1/streams/no-such-stream-here", READER).statusCode()).isEqualTo(404);
        HttpResponse<String> noRoute = get("/v1/no-such-route", READER);
        assertThat(noRoute.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(noRoute.body()).getString("error")).isEqualTo("no such resource");
        HttpResponse<String> wrongMethod = send("DELETE", "/v1/streams", WRITER, null, null);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(new JsonObject(wrongMethod.body()).getJsonArray("details")).isEmpty();
    }

    @Test
    void shouldListModelsAndActivateOnlyKnownOnes() throws Exception {
        JsonObject models = new JsonObject(get("/v1/models", READER).body());
        assertThat(models.getString("active")).isEqualTo("last-value");
        assertThat(models.getJsonArray("models")).hasSize(1);
        HttpResponse<String> same = send("POST", "/v1/models/last-value/activate", WRITER, "application/json", null);
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(same.body()).getBoolean("changed")).isFalse();
        HttpResponse<String> unknown = send("POST", "/v1/models/td-vae-9/activate", WRITER, "application/json", "{}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(unknown.body()).getString("error")).contains("td-vae-9");
    }

    @Test
    void shouldReportReadinessHealthMetricsAndCors() throws Exception {
        HttpResponse<String> ready = awaitReadiness(200);
        assertThat(new JsonObject(ready.body()).getJsonObject("checks").getString("predictions_feed")).isEqualTo("UP");
        assertThat(new JsonObject(ready.body()).getJsonObject("checks").getString("kafka")).isEqualTo("UP");
        assertThat(get("/health/live", null).statusCode()).isEqualTo(200);
        assertThat(get("/v1/streams/metrics-probe", READER).statusCode()).isEqualTo(404);
        String metrics = get("/metrics", null).body();
        assertThat(metrics).contains("beliefstream_engine_observations_total");
        // every gateway meter of docs/metrics.md, under its documented Prometheus name
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("user.dir")).getParent()
                .resolve("docs/metrics.md"));
        java.util.regex.Matcher row = java.util.regex.Pattern
                .compile("(?m)^\\| `(beliefstream\\.gateway\\.[a-z.]+)` \\| `([a-z_]+)` \\|").matcher(doc);
        int rows = 0;
        while (row.find()) {
            rows++;
            assertThat(metrics).as(row.group(1)).containsPattern("(?m)^" + row.group(2) + "[{ ]");
        }
        assertThat(rows).isEqualTo(11);
        assertThat(metrics).containsPattern("beliefstream_gateway_requests_seconds_count\\{.*route=\"/v1/streams/:id\".*status=\"4xx\".*\\} [1-9]");
        HttpResponse<String> cors = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/models"))
                .header("Origin", ALLOWED_ORIGIN).header("Authorization", "Bearer " + READER).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(cors.headers().firstValue("Access-Control-Allow-Origin")).contains(ALLOWED_ORIGIN);
        HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/models"))
                .header("Origin", "http://elsewhere.example").header("Authorization", "Bearer " + READER).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void shouldDocumentEveryRouteInOpenApiAndAnswerEveryDocumentedPath() throws Exception {
        JsonObject doc = new JsonObject(get("/openapi.json", null).body());
        assertThat(doc.getString("openapi")).startsWith("3.");
        Set<String> documented = new HashSet<>();
        JsonObject paths = doc.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                documented.add(method.toUpperCase() + " " + path);
            }
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(new HashSet<>(gateway.routes()));

        String known = "openapi-" + UUID.randomUUID().toString().substring(0, 6);
        writeMarker(known);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && get("/v1/streams/" + known, READER).statusCode() != 200) {
            Thread.sleep(100);
        }
        for (String route : documented) {
            String method = route.split(" ")[0];
            String path = route.split(" ")[1].replace("{id}", known).replace("{name}", "last-value");
            int status;
            if (path.endsWith("/events")) {
                try (SseClient sse = new SseClient(http, base + path, READER)) {
                    status = sse.status();
                }
            } else {
                String body = method.equals("POST") && path.equals("/v1/observations") ? observation(known, 2_000, 2)
                        : null;
                status = send(method, path, WRITER, method.equals("POST") ? "application/json" : null, body)
                        .statusCode();
            }
            assertThat(status).as(route).isBetween(200, 299);
            Map<String, Object> responses = paths.getJsonObject(route.split(" ")[1])
                    .getJsonObject(method.toLowerCase()).getJsonObject("responses").getMap();
            assertThat(responses).as("documented responses of " + route).containsKey(String.valueOf(status));
        }
    }

    @Test
    void shouldRefuseAFarFutureTimestampWith400AndTheEnginesReason() throws Exception {
        // issue 13, finding 3a: Instant.parse takes year +300000000, toEpochMilli overflows: was a 500
        String stream = "far-future-" + UUID.randomUUID().toString().substring(0, 6);
        HttpResponse<String> r = send("POST", "/v1/observations", WRITER, "application/json",
                "[{\"stream\":\"" + stream + "\",\"timestamp\":\"+300000000-01-01T00:00:00Z\",\"values\":[1]}]");
        assertJsonError(r, 400, "nothing was written");
        JsonObject d = new JsonObject(r.body()).getJsonArray("details").getJsonObject(0);
        assertThat(d.getInteger("index")).isZero();
        assertThat(d.getString("reason")).isEqualTo("INVALID_FIELD");
        assertThat(d.getString("detail")).contains("is outside");
        String marker = "marker-future-" + UUID.randomUUID().toString().substring(0, 6);
        writeMarker(marker);
        assertThat(keysWrittenUpTo(marker)).doesNotContain(stream);
    }

    @Test
    void shouldRefuseOriginsNotAllowedWith403AndServeTheOwnAndAllowedOnes() throws Exception {
        // issue 13, findings 3b and 7: a foreign origin got 500 "CORS Rejected" (and, with no CORS configured, its
        // POSTs went through)
        String elsewhere = "http://elsewhere.example";
        assertJsonError(withOrigin("GET", "/v1/models", elsewhere, null, null), 403, "may not call this API");
        assertJsonError(withOrigin("GET", "/health/ready", elsewhere, null, null), 403, "gateway.cors-origins");
        assertJsonError(withOrigin("OPTIONS", "/v1/observations", elsewhere, null, null), 403, "gateway.cors-origins");
        String stream = "cross-origin-" + UUID.randomUUID().toString().substring(0, 6);
        assertJsonError(withOrigin("POST", "/v1/observations", elsewhere, "application/json",
                observation(stream, 1, 1)), 403, "may not call this API");
        assertJsonError(withOrigin("POST", "/v1/models/last-value/activate", "null", "application/json", null), 403,
                "may not call this API");
        // the gateway's own origin (the dashboard) and the configured one pass
        String own = "own-origin-" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(withOrigin("POST", "/v1/observations", base, "application/json", observation(own, 1, 1))
                .statusCode()).isEqualTo(202);
        HttpResponse<String> allowed = withOrigin("POST", "/v1/models/last-value/activate", ALLOWED_ORIGIN,
                "application/json", null);
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(ALLOWED_ORIGIN);
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/observations"))
                .header("Origin", ALLOWED_ORIGIN).header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        String marker = "marker-origin-" + UUID.randomUUID().toString().substring(0, 6);
        writeMarker(marker);
        assertThat(keysWrittenUpTo(marker)).contains(own).doesNotContain(stream);
    }

    @Test
    void shouldRequireAJsonContentTypeOnEveryPost() throws Exception {
        // issue 13, finding 7: no Content-Type was read as JSON, and activation took any request at all
        String stream = "no-type-" + UUID.randomUUID().toString().substring(0, 6);
        assertJsonError(send("POST", "/v1/observations", WRITER, null, observation(stream, 1, 1)), 415,
                "Content-Type must be one of");
        assertJsonError(send("POST", "/v1/observations", WRITER, "text/plain", observation(stream, 1, 1)), 415,
                "got 'text/plain'");
        assertJsonError(send("POST", "/v1/observations", WRITER, "application/x-www-form-urlencoded",
                observation(stream, 1, 1)), 415, "Content-Type");
        assertJsonError(send("POST", "/v1/models/last-value/activate", WRITER, null, null), 415, "got none");
        assertJsonError(send("POST", "/v1/models/last-value/activate", WRITER, "text/plain", "{}"), 415,
                "application/json");
        assertJsonError(send("POST", "/v1/models/last-value/activate", WRITER, "application/json", "[1]"), 400,
                "JSON object");
        assertThat(send("POST", "/v1/models/last-value/activate", WRITER, "application/json; charset=utf-8", "{}")
                .statusCode()).isEqualTo(200);
        String marker = "marker-type-" + UUID.randomUUID().toString().substring(0, 6);
        writeMarker(marker);
        assertThat(keysWrittenUpTo(marker)).doesNotContain(stream);
    }

    @Test
    void shouldRefuseStreamIdsThatAreNotUtf8InsteadOfRewritingThem() throws Exception {
        // issue 13, finding 5: a lone surrogate was stored as '?', raw bytes FF FE as two U+FFFD
        String prefix = "bad-id-" + UUID.randomUUID().toString().substring(0, 6);
        HttpResponse<String> surrogate = send("POST", "/v1/observations", WRITER, "application/json",
                "{\"stream\":\"" + prefix + "a\\ud800b\",\"timestamp\":1,\"values\":[1]}");
        assertJsonError(surrogate, 400, "nothing was written");
        JsonObject d = new JsonObject(surrogate.body()).getJsonArray("details").getJsonObject(0);
        assertThat(d.getString("reason")).isEqualTo("BAD_KEY");
        assertThat(d.getString("detail")).isEqualTo("the key is not valid UTF-8");

        byte[] head = ("{\"stream\":\"" + prefix).getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\",\"timestamp\":1,\"values\":[1]}".getBytes(StandardCharsets.UTF_8);
        byte[] raw = new byte[head.length + 2 + tail.length];
        System.arraycopy(head, 0, raw, 0, head.length);
        raw[head.length] = (byte) 0xff;
        raw[head.length + 1] = (byte) 0xfe;
        System.arraycopy(tail, 0, raw, head.length + 2, tail.length);
        assertJsonError(sendBytes("/v1/observations", "application/json", raw), 400, "not valid UTF-8");
        HttpResponse<String> line = sendBytes("/v1/observations", "application/x-ndjson", raw);
        assertJsonError(line, 400, "nothing was written");
        assertThat(new JsonObject(line.body()).getJsonArray("details").getJsonObject(0).getString("reason"))
                .isEqualTo("MALFORMED_JSON");
        HttpResponse<String> param = send("POST", "/v1/observations?stream=" + prefix + "%FF%FE", WRITER,
                "application/json", "{\"timestamp\":1,\"values\":[1]}");
        assertJsonError(param, 400, "query parameter 'stream'");
        assertThat(new JsonObject(param.body()).getJsonArray("details").getJsonObject(0).getString("reason"))
                .isEqualTo("BAD_KEY");
        assertJsonError(send("POST", "/v1/observations?stream=" + prefix + "%ED%A0%80", WRITER, "application/json",
                "{\"timestamp\":1,\"values\":[1]}"), 400, "not percent-encoded UTF-8");
        // a real U+FFFD, sent as UTF-8, is a valid id
        String replacement = prefix + "\uFFFD";
        assertThat(send("POST", "/v1/observations", WRITER, "application/json", observation(replacement, 1, 1))
                .statusCode()).isEqualTo(202);
        String marker = "marker-utf8-" + UUID.randomUUID().toString().substring(0, 6);
        writeMarker(marker);
        Set<String> keys = keysWrittenUpTo(marker);
        assertThat(keys.stream().filter(k -> k.startsWith(prefix))).containsExactly(replacement);
    }

    @Test
    void shouldTakeQueryStringTokensOnlyOnTheLiveFeeds() throws Exception {
        // issue 13, finding 6: ?access_token= opened every read route
        for (String path : List.of("/v1/streams", "/v1/service", "/v1/models", "/v1/streams/x")) {
            HttpResponse<String> r = get(path + "?access_token=" + READER, null);
            assertJsonError(r, 401, "live feeds only");
        }
        try (SseClient sse = new SseClient(http, base + "/v1/events?access_token=" + READER, null)) {
            assertThat(sse.status()).isEqualTo(200);
        }
        try (SseClient sse = new SseClient(http, base + "/v1/streams/x/events?access_token=" + READER, null)) {
            assertThat(sse.status()).isEqualTo(200);
        }
        try (SseClient sse = new SseClient(http, base + "/v1/events?access_token=" + WRITER + "x", null)) {
            assertThat(sse.status()).isEqualTo(401);
        }
    }

    @Test
    void shouldServeTheDashboardAndItsChartLibraryFromTheClasspath() throws Exception {
        HttpResponse<String> page = get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.body()).contains("/vendor/chart.umd.min.js").doesNotContain("https://");
        HttpResponse<String> chart = get("/vendor/chart.umd.min.js", null);
        assertThat(chart.statusCode()).isEqualTo(200);
        assertThat(chart.body()).contains("Chart");
    }
}
