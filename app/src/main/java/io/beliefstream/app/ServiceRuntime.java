package io.beliefstream.app;

import io.beliefstream.embedded.EmbeddedKafka;
import io.beliefstream.gateway.GatewayServer;
import io.beliefstream.gateway.GatewaySources;
import io.beliefstream.monitoring.EngineMetrics;
import io.beliefstream.monitoring.MetricsSnapshotPublisher;
import io.beliefstream.monitoring.ModelMetrics;
import io.beliefstream.monitoring.Monitoring;
import io.beliefstream.monitoring.StreamMetrics;
import io.beliefstream.streams.EngineConfig;
import io.beliefstream.streams.StreamsService;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running service: the broker (embedded when {@code kafka.bootstrap} is unset), Vert.x, monitoring (engine,
 * stream and model binders; metrics snapshots to Kafka), the engine and the HTTP gateway, closed in reverse order.
 */
final class ServiceRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceRuntime.class);

    final EmbeddedKafka broker;
    final String bootstrap;
    final EngineConfig engineConfig;
    final Vertx vertx;
    final Monitoring monitoring;
    final StreamsService streams;
    final MetricsSnapshotPublisher snapshots;
    /** The HTTP gateway, or {@code null} when started without it. */
    final GatewayServer http;
    private boolean closed;

    private ServiceRuntime(EmbeddedKafka broker, String bootstrap, EngineConfig engineConfig, Vertx vertx,
            Monitoring monitoring, StreamsService streams, MetricsSnapshotPublisher snapshots, GatewayServer http) {
        this.broker = broker;
        this.bootstrap = bootstrap;
        this.engineConfig = engineConfig;
        this.vertx = vertx;
        this.monitoring = monitoring;
        this.streams = streams;
        this.snapshots = snapshots;
        this.http = http;
    }

    static ServiceRuntime start(Settings settings) {
        return start(settings, true);
    }

    /**
     * Starts the service; without {@code gateway} no HTTP server and no prediction feed run in this process (how
     * {@code bench e2e --engine-only} measures the engine alone, as when the gateway runs on other instances).
     */
    static ServiceRuntime start(Settings settings, boolean gateway) {
        return start(settings, gateway, Map.of());
    }

    /** As {@link #start(Settings, boolean)}, with broker settings for the embedded broker (ignored for a cluster). */
    static ServiceRuntime start(Settings settings, boolean gateway, Map<String, String> embeddedBrokerOverrides) {
        EmbeddedKafka broker = settings.bootstrap().isEmpty() ? EmbeddedKafka.start(embeddedBrokerOverrides) : null;
        String bootstrap = broker != null ? broker.bootstrapServers() : settings.bootstrap().get();
        EngineConfig engineConfig = settings.engineConfig(bootstrap);
        Vertx vertx = Vertx.vertx();
        Monitoring monitoring = new Monitoring();
        StreamsService streams = null;
        MetricsSnapshotPublisher snapshots = null;
        try {
            streams = StreamsService.start(vertx, engineConfig, ModelLoader.load(settings));
            StreamsService s = streams;
            monitoring.bind(new EngineMetrics(s::stats));
            monitoring.bind(new StreamMetrics(s::stats));
            EngineModelCatalog catalog = new EngineModelCatalog(() -> s, settings);
            monitoring.bind(new ModelMetrics(catalog.statsSource()));
            Duration interval = settings.metricsSnapshotInterval();
            if (!interval.isZero()) {
                snapshots = MetricsSnapshotPublisher.start(monitoring, bootstrap, engineConfig.topics().metrics(),
                        s.instanceId(), interval);
            }
            GatewayServer http = !gateway ? null : GatewayServer.start(vertx, settings.gatewayConfig(), monitoring,
                    new GatewaySources(bootstrap, engineConfig.topics(), s.modelInfo().inputDim(),
                            engineConfig.maxRecordBytes(), s::isReady, catalog));
            return new ServiceRuntime(broker, bootstrap, engineConfig, vertx, monitoring, streams, snapshots, http);
        } catch (RuntimeException e) {
            if (snapshots != null) {
                snapshots.close();
            }
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
        if (http != null) {
            http.close();
        }
        if (snapshots != null) {
            snapshots.close();
        }
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
