package io.beliefstream.gateway;

import io.beliefstream.monitoring.Monitoring;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The HTTP server: {@code /health/live}, {@code /health/ready} (200 only while {@code ready} holds: the engine runs
 * and owns partitions), {@code /metrics} (Prometheus text format).
 */
public final class GatewayServer implements AutoCloseable {
    private final HttpServer server;

    private GatewayServer(HttpServer server) {
        this.server = server;
    }

    /** Starts the server and waits until it listens. */
    public static GatewayServer start(Vertx vertx, GatewayConfig config, Monitoring monitoring, BooleanSupplier ready) {
        Router router = Router.router(vertx);
        router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(ctx -> {
            boolean ok = ready.getAsBoolean();
            ctx.response().setStatusCode(ok ? 200 : 503);
            ctx.json(new JsonObject().put("status", ok ? "UP" : "DOWN"));
        });
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(monitoring.scrape()));
        try {
            HttpServer server = vertx.createHttpServer().requestHandler(router)
                    .listen(config.port(), config.host()).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            return new GatewayServer(server);
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot listen on http://" + config.host() + ":" + config.port()
                    + " (http.host / http.port): " + cause.getMessage(), cause);
        }
    }

    /** The port actually bound. */
    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing on shutdown: nothing more to do
        }
    }
}
