package io.beliefstream.gateway;

import io.beliefstream.gateway.internal.Assets;
import io.beliefstream.gateway.internal.Auth;
import io.beliefstream.gateway.internal.BrokerProbe;
import io.beliefstream.gateway.internal.Errors;
import io.beliefstream.gateway.internal.EventHub;
import io.beliefstream.gateway.internal.ObservationIngest;
import io.beliefstream.gateway.internal.PredictionFeed;
import io.beliefstream.gateway.internal.PredictionView;
import io.beliefstream.gateway.internal.RequestGuards;
import io.beliefstream.gateway.internal.ServiceStats;
import io.beliefstream.monitoring.Monitoring;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP gateway (Vert.x Web). Routes (documented in {@code /openapi.json}):
 * <ul>
 *   <li>{@code POST /v1/observations}: JSON object, array or NDJSON to the observations topic (write scope);</li>
 *   <li>{@code GET /v1/streams}, {@code GET /v1/streams/{id}}, {@code GET /v1/streams/{id}/events} (SSE),
 *       {@code GET /v1/events} (SSE dashboard snapshots), {@code GET /v1/service} (read scope);</li>
 *   <li>{@code GET /v1/models}, {@code POST /v1/models/{name}/activate} (read / write scope);</li>
 *   <li>{@code /health/live}, {@code /health/ready}, {@code /metrics}, {@code /openapi.json} and the dashboard at
 *       {@code /}, without authentication.</li>
 * </ul>
 * Predictions come from the gateway's own consumer of the predictions topic, never from engine internals.
 */
public final class GatewayServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
    /** Default page size of {@code GET /v1/streams}. */
    public static final int DEFAULT_PAGE_SIZE = 50;
    /** Streams in each dashboard snapshot. */
    public static final int SNAPSHOT_STREAMS = 50;
    private static final long KEEP_ALIVE_MS = 15_000;
    private static final String ROUTE_KEY = "beliefstream.route";
    /** Content types of {@code POST /v1/observations} that mean NDJSON. */
    private static final Set<String> NDJSON_TYPES = Set.of("application/x-ndjson", "application/jsonl",
            "application/ndjson");
    /** Every content type {@code POST /v1/observations} takes: JSON or NDJSON. */
    private static final Set<String> OBSERVATION_TYPES = Set.of("application/json", "text/json",
            "application/x-ndjson", "application/jsonl", "application/ndjson");
    /** {@code POST /v1/models/{name}/activate} takes an empty body or a small JSON object. */
    private static final int ACTIVATE_MAX_BODY = 4096;

    private final Vertx vertx;
    private final HttpServer server;
    private final PredictionFeed feed;
    private final ObservationIngest ingest;
    private final WorkerExecutor blocking;
    private final BrokerProbe broker;
    private final List<Long> timers;
    private final Router router;

    private GatewayServer(Vertx vertx, HttpServer server, PredictionFeed feed, ObservationIngest ingest,
            WorkerExecutor blocking, BrokerProbe broker, List<Long> timers, Router router) {
        this.vertx = vertx;
        this.server = server;
        this.feed = feed;
        this.ingest = ingest;
        this.blocking = blocking;
        this.broker = broker;
        this.timers = timers;
        this.router = router;
    }

    /** Starts the feed and the server, and waits until it listens. */
    public static GatewayServer start(Vertx vertx, GatewayConfig config, Monitoring monitoring, GatewaySources sources) {
        if (!config.tokens().enabled()) {
            LOG.warn("*** gateway.tokens is empty: the HTTP API is OPEN to anyone who can reach http://{}:{} "
                    + "(reads, writes and model changes). Set gateway.tokens=token:read,write;... to require bearer "
                    + "tokens. ***", config.host(), config.port());
        }
        PredictionView view = new PredictionView(config.maxStreams(), config.pointsPerStream());
        EventHub hub = new EventHub(config.sseQueue(), config.sseMaxSubscribers());
        PredictionFeed feed = new PredictionFeed(sources.bootstrapServers(), sources.topics().predictions(),
                config.lookBack(), view, hub).start();
        ObservationIngest ingest = new ObservationIngest(sources.bootstrapServers(), sources.topics().observations(),
                sources.inputDim(), sources.maxRecordBytes());
        WorkerExecutor blocking = vertx.createSharedWorkerExecutor("beliefstream-gateway-blocking", 2);
        BrokerProbe broker = new BrokerProbe(sources.bootstrapServers());
        GatewayMetrics metrics = new GatewayMetrics(new GatewayMetrics.Source() {
            @Override
            public long predictionsFromSummary() {
                return view.summarised();
            }

            @Override
            public long predictionsFromJson() {
                return view.applied() - view.summarised();
            }

            @Override
            public long predictionsRefused() {
                return view.refused();
            }

            @Override
            public long viewStreams() {
                return view.size();
            }

            @Override
            public long viewEvicted() {
                return view.evicted();
            }

            @Override
            public long subscribers() {
                return hub.subscribers();
            }

            @Override
            public long dropped() {
                return hub.dropped();
            }

            @Override
            public long delivered() {
                return hub.delivered();
            }

            @Override
            public double[] topScores() {
                return view.topScores(GatewayMetrics.TOP_RANKS);
            }

            @Override
            public long aboveThreshold() {
                return view.aboveThreshold();
            }

            @Override
            public long feedLag() {
                return feed.lag();
            }
        });
        monitoring.bind(metrics);
        ServiceStats stats = new ServiceStats(monitoring);
        Api api = new Api(vertx, config, sources, view, hub, feed, ingest, blocking, broker, metrics, stats, monitoring);
        Router router = api.router();
        List<Long> timers = new ArrayList<>();
        timers.add(vertx.setPeriodic(config.pushInterval().toMillis(), id -> hub.flush(api::dashboardSnapshot)));
        timers.add(vertx.setPeriodic(KEEP_ALIVE_MS, id -> hub.keepAlive()));
        timers.add(vertx.setPeriodic(BrokerProbe.INTERVAL.toMillis(), id -> broker.probe()));
        try {
            HttpServer server = vertx.createHttpServer().requestHandler(router)
                    .invalidRequestHandler(Errors::invalidRequest)
                    .listen(config.port(), config.host()).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            LOG.info("gateway listening on http://{}:{} ({}; dashboard at /)", config.host(), server.actualPort(),
                    config.tokens());
            return new GatewayServer(vertx, server, feed, ingest, blocking, broker, timers, router);
        } catch (Exception e) {
            timers.forEach(vertx::cancelTimer);
            feed.close();
            ingest.close();
            broker.close();
            blocking.close();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot listen on http://" + config.host() + ":" + config.port()
                    + " (http.host / http.port): " + cause.getMessage(), cause);
        }
    }

    /** The port actually bound. */
    public int port() {
        return server.actualPort();
    }

    /** Whether the gateway's predictions feed follows the topic (part of readiness). */
    public boolean feedReady() {
        return feed.isReady();
    }

    /** Waits until the predictions feed owns its partitions. */
    public boolean awaitFeed(Duration timeout) throws InterruptedException {
        return feed.awaitReady(timeout);
    }

    /** The routes, as {@code "METHOD path"} with OpenAPI-style {@code {param}} (checked against /openapi.json). */
    public List<String> routes() {
        List<String> out = new ArrayList<>();
        for (Route r : router.getRoutes()) {
            if (r.getPath() == null || r.methods() == null) {
                continue;
            }
            String path = r.getPath().replaceAll(":([A-Za-z]+)", "{$1}");
            for (HttpMethod m : r.methods()) {
                out.add(m.name() + " " + path);
            }
        }
        return out;
    }

    @Override
    public void close() {
        timers.forEach(vertx::cancelTimer);
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("closing the HTTP server", e);
        }
        feed.close();
        ingest.close();
        broker.close();
        blocking.close();
    }

    /** The route handlers. */
    private static final class Api {
        private final Vertx vertx;
        private final GatewayConfig config;
        private final GatewaySources sources;
        private final PredictionView view;
        private final EventHub hub;
        private final PredictionFeed feed;
        private final ObservationIngest ingest;
        private final WorkerExecutor blocking;
        private final BrokerProbe broker;
        private final GatewayMetrics metrics;
        private final ServiceStats stats;
        private final Monitoring monitoring;
        private final Buffer openApi;

        Api(Vertx vertx, GatewayConfig config, GatewaySources sources, PredictionView view, EventHub hub,
                PredictionFeed feed, ObservationIngest ingest, WorkerExecutor blocking, BrokerProbe broker,
                GatewayMetrics metrics, ServiceStats stats, Monitoring monitoring) {
            this.vertx = vertx;
            this.config = config;
            this.sources = sources;
            this.view = view;
            this.hub = hub;
            this.feed = feed;
            this.ingest = ingest;
            this.blocking = blocking;
            this.broker = broker;
            this.metrics = metrics;
            this.stats = stats;
            this.monitoring = monitoring;
            try (InputStream in = GatewayServer.class.getResourceAsStream("/beliefstream/openapi.json")) {
                if (in == null) {
                    throw new IllegalStateException("/beliefstream/openapi.json is missing from the classpath");
                }
                this.openApi = Buffer.buffer(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Router router() {
            Router router = Router.router(vertx);
            router.route().handler(ctx -> {
                long start = System.nanoTime();
                ctx.addEndHandler(v -> {
                    String path = ctx.get(ROUTE_KEY, "other"); // unmatched paths and methods: "other"
                    if (!path.endsWith("/events")) {
                        metrics.request(ctx.request().method().name(), path, ctx.response().getStatusCode(),
                                System.nanoTime() - start);
                    }
                });
                ctx.next();
            });
            router.route().handler(RequestGuards::strictQuery);
            CorsHandler cors = null;
            if (!config.corsOrigins().isEmpty()) {
                cors = CorsHandler.create()
                        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.OPTIONS))
                        .allowedHeaders(Set.of("Authorization", "Content-Type", "Last-Event-ID"))
                        .maxAgeSeconds(600);
                if (!config.corsOrigins().contains("*")) {
                    cors.addOrigins(config.corsOrigins());
                }
            }
            router.route().handler(RequestGuards.origins(config.corsOrigins(), cors));
            labelled(router.get("/health/live")).handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
            labelled(router.get("/health/ready")).handler(this::ready);
            labelled(router.get("/metrics")).handler(ctx -> ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(monitoring.scrape()));
            labelled(router.get("/openapi.json")).handler(ctx -> ctx.response()
                    .putHeader("Content-Type", "application/json; charset=utf-8").end(openApi));
            Assets assets = new Assets();
            for (String path : assets.paths()) {
                labelled(router.get(path)).handler(assets::serve);
            }
            var read = Auth.require(config.tokens(), ApiTokens.Scope.READ);
            var liveFeed = Auth.requireForLiveFeed(config.tokens());
            var write = Auth.require(config.tokens(), ApiTokens.Scope.WRITE);
            // Vert.x runs body handlers before user handlers: the size limit (413) is checked before the token.
            // Every POST needs a JSON content type: no HTML form or no-cors fetch can send one without a preflight.
            labelled(router.post("/v1/observations").handler(BodyHandler.create(false)
                    .setBodyLimit(config.maxBodyBytes()))).handler(RequestGuards.contentType(OBSERVATION_TYPES))
                    .handler(write).handler(this::observations);
            labelled(router.get("/v1/streams")).handler(read).handler(this::streams);
            labelled(router.get("/v1/streams/:id")).handler(read).handler(this::stream);
            labelled(router.get("/v1/streams/:id/events")).handler(liveFeed).handler(this::streamEvents);
            labelled(router.get("/v1/events")).handler(liveFeed).handler(this::dashboardEvents);
            labelled(router.get("/v1/service")).handler(read).handler(ctx -> ctx.json(dashboardSnapshot()));
            labelled(router.get("/v1/models")).handler(read).handler(this::models);
            labelled(router.post("/v1/models/:name/activate").handler(BodyHandler.create(false)
                    .setBodyLimit(ACTIVATE_MAX_BODY))).handler(RequestGuards.contentType(Set.of("application/json")))
                    .handler(write).handler(this::activate);
            router.route().failureHandler(Errors::handle);
            for (int code : new int[] {400, 401, 403, 404, 405, 413, 414, 415, 431, 500, 503}) {
                router.errorHandler(code, Errors::handle);
            }
            return router;
        }

        /** Puts the route's template in the context first, for the request timer (raw paths hold stream ids). */
        private static Route labelled(Route route) {
            String path = route.getPath();
            return route.handler(ctx -> {
                ctx.put(ROUTE_KEY, path);
                ctx.next();
            });
        }

        private void ready(RoutingContext ctx) {
            boolean engine = sources.engineReady().getAsBoolean();
            boolean predictions = feed.isReady();
            boolean kafka = broker.isUp();
            boolean ok = engine && predictions && kafka;
            ctx.response().setStatusCode(ok ? 200 : 503);
            ctx.json(new JsonObject().put("status", ok ? "UP" : "DOWN").put("checks", new JsonObject()
                    .put("engine", engine ? "UP" : "DOWN").put("predictions_feed", predictions ? "UP" : "DOWN")
                    .put("kafka", kafka ? "UP" : "DOWN")));
        }

        private void observations(RoutingContext ctx) {
            boolean ndjson = NDJSON_TYPES.contains(RequestGuards.mediaType(ctx));
            Buffer body = ctx.body().buffer();
            if (body == null || body.length() == 0) {
                throw GatewayException.badRequest("the body is empty");
            }
            String defaultStream = RequestGuards.queryParam(ctx, "stream");
            // parsing and validating a large body takes milliseconds: off the event loop, like the Kafka write
            blocking.executeBlocking(() -> {
                ObservationIngest.Batch batch = ingest.parse(body, ndjson, defaultStream);
                if (!batch.errors().isEmpty()) {
                    metrics.rejected(batch.errors().size());
                    throw new GatewayException(400, batch.errors().size() + " record(s) refused; nothing was written",
                            batch.errorDetails());
                }
                return ingest.write(batch.records());
            }, false).onComplete(r -> {
                if (r.succeeded()) {
                    metrics.accepted(r.result());
                    ctx.response().setStatusCode(202);
                    ctx.json(new JsonObject().put("accepted", r.result()).put("topic", sources.topics().observations()));
                } else {
                    ctx.fail(r.cause());
                }
            });
        }

        private void streams(RoutingContext ctx) {
            String sortParam = ctx.request().getParam("sort", "score");
            PredictionView.Sort sort;
            try {
                sort = PredictionView.Sort.valueOf(sortParam.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw GatewayException.badRequest("sort must be score, id or recent, got '" + sortParam + "'");
            }
            int limit = intParam(ctx, "limit", DEFAULT_PAGE_SIZE, 1, config.maxPageSize());
            int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            PredictionView.Page page = view.page(sort, offset, limit);
            int next = offset + page.items().size();
            ctx.json(new JsonObject().put("items", new JsonArray(new ArrayList<>(page.items())))
                    .put("total", page.total()).put("offset", offset).put("limit", limit)
                    .put("sort", sort.name().toLowerCase(Locale.ROOT))
                    .put("next", next < page.total() ? "/v1/streams?sort=" + sort.name().toLowerCase(Locale.ROOT)
                            + "&limit=" + limit + "&offset=" + next : null));
        }

        private static int intParam(RoutingContext ctx, String name, int dflt, int min, int max) {
            String raw = ctx.request().getParam(name);
            if (raw == null) {
                return dflt;
            }
            try {
                int v = Integer.parseInt(raw.trim());
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw GatewayException.badRequest(name + " must be an integer in [" + min + ", " + max + "], got '"
                    + raw + "'");
        }

        private void stream(RoutingContext ctx) {
            String id = ctx.pathParam("id");
            JsonObject latest = view.latest(id).orElseThrow(() -> GatewayException.notFound(
                    "no prediction for stream '" + id + "' in the gateway's view (unknown, not seen since start-up "
                            + "within gateway.look-back, or evicted)"));
            if (!latest.containsKey("anomaly")) {
                latest.putNull("anomaly");
            }
            if (!latest.containsKey("vq")) {
                latest.putNull("vq");
            }
            if ("true".equalsIgnoreCase(ctx.request().getParam("history"))) {
                latest.put("history", view.history(id).orElseGet(JsonArray::new));
            }
            ctx.json(latest);
        }

        private void streamEvents(RoutingContext ctx) {
            String id = ctx.pathParam("id");
            EventHub.Subscriber s = hub.subscribe(id, ctx.response());
            JsonObject history = new JsonObject().put("stream", id)
                    .put("points", view.history(id).orElseGet(JsonArray::new));
            view.latest(id).ifPresent(p -> history.put("latest", p));
            s.send(EventHub.event("history", history));
        }

        private void dashboardEvents(RoutingContext ctx) {
            EventHub.Subscriber s = hub.subscribe(null, ctx.response());
            s.send(EventHub.event("snapshot", dashboardSnapshot()));
        }

        JsonObject dashboardSnapshot() {
            PredictionView.Page top = view.page(PredictionView.Sort.SCORE, 0, SNAPSHOT_STREAMS);
            return new JsonObject().put("time", System.currentTimeMillis())
                    .put("streams", new JsonArray(new ArrayList<>(top.items()))).put("total_streams", top.total())
                    .put("service", stats.snapshot())
                    .put("gateway", new JsonObject().put("view_streams", view.size()).put("view_evicted", view.evicted())
                            .put("sse_subscribers", hub.subscribers()).put("sse_dropped", hub.dropped())
                            .put("auth", config.tokens().enabled()));
        }

        private void models(RoutingContext ctx) {
            blocking.executeBlocking(() -> sources.models().models(), false).onComplete(r -> {
                if (r.failed()) {
                    ctx.fail(r.cause());
                    return;
                }
                JsonArray items = new JsonArray();
                String active = null;
                for (ModelCatalog.ModelDescriptor m : r.result()) {
                    items.add(descriptor(m));
                    if (m.active() && active == null) {
                        active = m.name();
                    }
                }
                ctx.json(new JsonObject().put("active", active).put("models", items));
            });
        }

        private void activate(RoutingContext ctx) {
            String name = ctx.pathParam("name");
            Buffer body = ctx.body().buffer();
            if (body != null && body.length() > 0) {
                // nothing is read from it yet: an object keeps room for options without a breaking change
                String text = ObservationIngest.strictUtf8(body.getBytes(), 0, body.length());
                Object parsed;
                try {
                    parsed = text == null ? null : Json.decodeValue(text);
                } catch (DecodeException e) {
                    parsed = null;
                }
                if (!(parsed instanceof JsonObject)) {
                    throw GatewayException.badRequest("the body must be empty or a JSON object");
                }
            }
            blocking.executeBlocking(() -> sources.models().activate(name), false).onComplete(r -> {
                if (r.failed()) {
                    ctx.fail(r.cause());
                    return;
                }
                ctx.json(new JsonObject().put("model", descriptor(r.result().model()))
                        .put("changed", r.result().changed()));
            });
        }

        private static JsonObject descriptor(ModelCatalog.ModelDescriptor m) {
            return new JsonObject().put("name", m.name()).put("version", m.version()).put("kind", m.kind())
                    .put("state_format", m.stateFormat()).put("active", m.active());
        }
    }
}
