package io.beliefstream.app;

import io.beliefstream.embedded.EmbeddedKafka;
import io.beliefstream.gateway.GatewayServer;
import io.beliefstream.monitoring.EngineMetrics;
import io.beliefstream.monitoring.Monitoring;
import io.beliefstream.streams.EngineConfig;
import io.beliefstream.streams.StreamsService;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running service: the broker (embedded when {@code kafka.bootstrap} is unset), Vert.x, monitoring, the engine
 * and the HTTP gateway, closed in reverse order.
 */
final class ServiceRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceRuntime.class);

    final EmbeddedKafka broker;
    final String bootstrap;
    final EngineConfig engineConfig;
    final Vertx vertx;
    final Monitoring monitoring;
    final StreamsService streams;
    final GatewayServer http;
    private boolean closed;

    private ServiceRuntime(EmbeddedKafka broker, String bootstrap, EngineConfig engineConfig, Vertx vertx,
            Monitoring monitoring, StreamsService streams, GatewayServer http) {
        this.broker = broker;
        this.bootstrap = bootstrap;
        this.engineConfig = engineConfig;
        this.vertx = vertx;
        this.monitoring = monitoring;
        this.streams = streams;
        this.http = http;
    }

    static ServiceRuntime start(Settings settings) {
        EmbeddedKafka broker = settings.bootstrap().isEmpty() ? EmbeddedKafka.start() : null;
        String bootstrap = broker != null ? broker.bootstrapServers() : settings.bootstrap().get();
        EngineConfig engineConfig = settings.engineConfig(bootstrap);
        Vertx vertx = Vertx.vertx();
        Monitoring monitoring = new Monitoring();
        StreamsService streams = null;
        try {
            streams = StreamsService.start(vertx, engineConfig, ModelLoader.load(settings));
            StreamsService s = streams;
            new EngineMetrics(s::stats).bindTo(monitoring.registry());
            GatewayServer http = GatewayServer.start(vertx, settings.gatewayConfig(), monitoring,
                    s::isReady);
            return new ServiceRuntime(broker, bootstrap, engineConfig, vertx, monitoring, streams, http);
        } catch (RuntimeException e) {
            if (streams != null) {
                streams.close();
            }
            closeVertx(vertx);
            monitoring.close();
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.close();
        streams.close();
        closeVertx(vertx);
        monitoring.close();
        if (broker != null) {
            broker.close();
        }
    }

    private static void closeVertx(Vertx vertx) {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("closing Vert.x failed", e);
        }
    }
}
