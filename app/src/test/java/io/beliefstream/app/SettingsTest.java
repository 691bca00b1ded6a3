package io.beliefstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beliefstream.streams.EngineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @Test
    void shouldUseDefaultsAndNoBootstrapWhenNothingIsSet() {
        Settings s = Settings.resolve(Map.of(), Map.of(), Optional.empty());
        assertThat(s.bootstrap()).isEmpty();
        assertThat(s.horizons()).containsExactly(1, 5, 20);
        assertThat(s.engineConfig("h:1").topics().observations()).isEqualTo("beliefstream.observations");
        assertThat(s.engineConfig("h:1").commitOverlap()).isEqualTo(EngineConfig.CommitOverlap.AUTO);
        assertThat(Settings.resolve(Map.of("engine.commit-overlap", "Always", "engine.refetch-wait-ms", "0"), Map.of(),
                Optional.empty()).engineConfig("h:1")).satisfies(c -> {
                    assertThat(c.commitOverlap()).isEqualTo(EngineConfig.CommitOverlap.ALWAYS);
                    assertThat(c.refetchWait()).isZero();
                });
        assertThat(s.gatewayConfig().port()).isEqualTo(8080);
    }

    @Test
    void shouldPreferFlagsOverEnvironmentOverFileOverDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.properties");
        Files.writeString(file, "engine.max-batch=16\ntopics.prefix=file.\nhttp.port=1000\n");
        Settings s = Settings.resolve(Map.of("http.port", "3000"),
                Map.of("BELIEFSTREAM_TOPICS_PREFIX", "env.", "BELIEFSTREAM_HTTP_PORT", "2000",
                        "BELIEFSTREAM_KAFKA_BOOTSTRAP", "broker:9092"), Optional.of(file));
        assertThat(s.engineConfig("x:1").maxBatch()).isEqualTo(16);
        assertThat(s.engineConfig("x:1").topics().prefix()).isEqualTo("env.");
        assertThat(s.gatewayConfig().port()).isEqualTo(3000);
        assertThat(s.bootstrap()).contains("broker:9092");
    }

    @Test
    void shouldFailFastNamingTheKeyAndWhereTheValueCameFrom(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Settings.resolve(Map.of(), Map.of("BELIEFSTREAM_ENGINE_MAX_BATCH", "lots"),
                Optional.empty()))
                .isInstanceOf(Settings.ConfigException.class)
                .hasMessageContaining("engine.max-batch")
                .hasMessageContaining("BELIEFSTREAM_ENGINE_MAX_BATCH")
                .hasMessageContaining("'lots'");
        assertThatThrownBy(() -> Settings.resolve(Map.of("engine.max-batch", "0"), Map.of(), Optional.empty()))
                .hasMessageContaining("engine.max-batch (from the command line) must be in [1, 65536], got 0");
        assertThatThrownBy(() -> Settings.resolve(Map.of("engine.commit-overlap", "sometimes"), Map.of(),
                Optional.empty()))
                .hasMessageContaining("engine.commit-overlap (from the command line) must be auto, always or never");
        assertThatThrownBy(() -> Settings.resolve(Map.of("engine.refetch-wait-ms", "-1"), Map.of(), Optional.empty()))
                .hasMessageContaining("engine.refetch-wait-ms (from the command line) must be in [0, 1000]");
        assertThatThrownBy(() -> Settings.resolve(Map.of("model.horizons", "5,1"), Map.of(), Optional.empty()))
                .hasMessageContaining("model.horizons").hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> Settings.resolve(Map.of("model.interval-level", "1.5"), Map.of(), Optional.empty()))
                .hasMessageContaining("model.interval-level");
        assertThatThrownBy(() -> Settings.resolve(Map.of("kafka.bootstrap", "nohost"), Map.of(), Optional.empty()))
                .hasMessageContaining("kafka.bootstrap");
        assertThatThrownBy(() -> Settings.resolve(Map.of("topics.prefix", "bad prefix!"), Map.of(), Optional.empty()))
                .hasMessageContaining("topics.prefix (from the command line)");
        Path file = dir.resolve("c.properties");
        Files.writeString(file, "engine.max-bacth=16\n");
        assertThatThrownBy(() -> Settings.resolve(Map.of(), Map.of(), Optional.of(file)))
                .hasMessageContaining("unknown configuration key 'engine.max-bacth'")
                .hasMessageContaining(file.toString());
        assertThatThrownBy(() -> Settings.resolve(Map.of(), Map.of(), Optional.of(dir.resolve("missing"))))
                .hasMessageContaining("cannot read config file");
    }

    @Test
    void shouldDocumentEveryKeyInTheReadmeTable() throws Exception {
        Path readme = Path.of(System.getProperty("user.dir")).getParent().resolve("README.md");
        String text = Files.readString(readme);
        for (Settings.Key k : Settings.KEYS) {
            String row = "| `" + k.name() + "` | `" + k.env() + "` | " + k.type() + " | "
                    + (k.defaultValue() == null ? "(none)" : "`" + k.defaultValue() + "`") + " |";
            assertThat(text).as("README row for %s", k.name()).contains(row);
        }
    }

    @Test
    void shouldBuildTheGatewayConfigurationAndExplainBadGatewayValues() {
        Settings s = Settings.resolve(Map.of("gateway.tokens", "ops-token-1:read,write;view-token-1:read",
                "gateway.cors-origins", "https://grafana.example:3000, http://localhost:5173", "gateway.max-streams", "500",
                "metrics.snapshot-interval-ms", "0"), Map.of(), Optional.empty());
        assertThat(s.gatewayConfig().tokens().size()).isEqualTo(2);
        assertThat(s.gatewayConfig().corsOrigins()).containsExactly("https://grafana.example:3000",
                "http://localhost:5173");
        assertThat(s.gatewayConfig().maxStreams()).isEqualTo(500);
        assertThat(s.metricsSnapshotInterval()).isZero();
        Settings defaults = Settings.resolve(Map.of(), Map.of(), Optional.empty());
        assertThat(defaults.gatewayConfig().tokens().enabled()).isFalse();
        assertThat(defaults.metricsSnapshotInterval().toMillis()).isEqualTo(10_000);
        assertThatThrownBy(() -> Settings.resolve(Map.of(), Map.of("BELIEFSTREAM_GATEWAY_TOKENS", "secret-token-1:root"),
                Optional.empty()))
                .hasMessageContaining("gateway.tokens (from environment variable BELIEFSTREAM_GATEWAY_TOKENS)")
                .hasMessageContaining("unknown scope 'root'").hasMessageNotContaining("secret-token-1");
        assertThatThrownBy(() -> Settings.resolve(Map.of(), Map.of("BELIEFSTREAM_HTTP_HOST", "0.0.0.0"), Optional.empty()))
                .isInstanceOf(Settings.ConfigException.class)
                .hasMessageContaining("http.host (from environment variable BELIEFSTREAM_HTTP_HOST) is '0.0.0.0'")
                .hasMessageContaining("gateway.tokens").hasMessageContaining("gateway.allow-unauthenticated=true");
        assertThat(Settings.resolve(Map.of("gateway.allow-unauthenticated", "TRUE"),
                Map.of("BELIEFSTREAM_HTTP_HOST", "0.0.0.0"), Optional.empty()).gatewayConfig().allowUnauthenticated())
                .isTrue();
        assertThat(Settings.resolve(Map.of("gateway.tokens", "ops-token-1:read,write"),
                Map.of("BELIEFSTREAM_HTTP_HOST", "0.0.0.0"), Optional.empty()).gatewayConfig().host()).isEqualTo("0.0.0.0");
        assertThatThrownBy(() -> Settings.resolve(Map.of("gateway.allow-unauthenticated", "yes"), Map.of(),
                Optional.empty())).hasMessageContaining("gateway.allow-unauthenticated (from the command line) must be "
                        + "true or false, got 'yes'");
        assertThatThrownBy(() -> Settings.resolve(Map.of("gateway.max-body-bytes", "12"), Map.of(), Optional.empty()))
                .hasMessageContaining("gateway.max-body-bytes (from the command line) must be in");
        assertThatThrownBy(() -> Settings.resolve(Map.of("metrics.snapshot-interval-ms", "5"), Map.of(), Optional.empty()))
                .hasMessageContaining("metrics.snapshot-interval-ms");
    }
}
