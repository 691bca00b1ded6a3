package io.beliefstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs on the build machines, so the compose file is checked statically: the service reaches the
 * Kafka service at its advertised listener, publishes its HTTP port, Prometheus scrapes that port at the right path,
 * and every bind mount and named volume exists.
 */
class DockerComposeTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonNode compose() throws Exception {
        return YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
    }

    @Test
    void shouldPointTheServiceAtTheKafkaServicesAdvertisedListener() throws Exception {
        JsonNode services = compose().get("services");
        JsonNode kafka = services.get("kafka");
        JsonNode app = services.get("beliefstream");
        assertThat(kafka.get("image").asText()).startsWith("apache/kafka:");
        assertThat(kafka.at("/environment/KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        String advertised = kafka.at("/environment/KAFKA_ADVERTISED_LISTENERS").asText();
        String bootstrap = app.at("/environment/BELIEFSTREAM_KAFKA_BOOTSTRAP").asText();
        assertThat(advertised).isEqualTo("PLAINTEXT://" + bootstrap);
        assertThat(bootstrap.split(":")[0]).isEqualTo("kafka");
        assertThat(kafka.at("/environment/KAFKA_LISTENERS").asText()).contains(":" + bootstrap.split(":")[1]);
        assertThat(kafka.at("/environment/KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR").asText()).isEqualTo("1");
        assertThat(app.at("/depends_on/kafka/condition").asText()).isEqualTo("service_healthy");
        assertThat(app.get("build").asText()).isEqualTo(".");
        assertThat(Files.exists(ROOT.resolve("Dockerfile"))).isTrue();
    }

    @Test
    void shouldShipTheImageAndTheStackWithGatewayTokensRequired() throws Exception {
        // issue 13, finding 7: compose defaulted the tokens to empty and published an open API on 0.0.0.0
        JsonNode app = compose().at("/services/beliefstream/environment");
        assertThat(app.get("BELIEFSTREAM_GATEWAY_TOKENS").asText()).startsWith("${BELIEFSTREAM_GATEWAY_TOKENS:?");
        assertThat(app.has("BELIEFSTREAM_GATEWAY_ALLOW_UNAUTHENTICATED")).isFalse();
        Map<String, String> env = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^\\s*(?:ENV\\s+)?(BELIEFSTREAM_[A-Z_]+)=(\\S+?)\\s*\\\\?$")
                .matcher(Files.readString(ROOT.resolve("Dockerfile")));
        while (m.find()) {
            env.put(m.group(1), m.group(2));
        }
        assertThat(env).containsEntry("BELIEFSTREAM_HTTP_HOST", "0.0.0.0")
                .doesNotContainKeys("BELIEFSTREAM_GATEWAY_TOKENS", "BELIEFSTREAM_GATEWAY_ALLOW_UNAUTHENTICATED");
        // the image's own settings, with no tokens given at run time: the service refuses to start, naming the keys
        assertThatThrownBy(() -> Settings.resolve(Map.of(), env, Optional.empty()))
                .hasMessageContaining("http.host").hasMessageContaining("gateway.tokens");
        Map<String, String> withTokens = new HashMap<>(env);
        withTokens.put("BELIEFSTREAM_GATEWAY_TOKENS", "ops-5f1c9a:read,write");
        assertThat(Settings.resolve(Map.of(), withTokens, Optional.empty()).gatewayConfig().tokens().enabled()).isTrue();
    }

    @Test
    void shouldLetPrometheusScrapeTheServicesPublishedMetricsPort() throws Exception {
        JsonNode services = compose().get("services");
        JsonNode app = services.get("beliefstream");
        String httpPort = app.at("/environment/BELIEFSTREAM_HTTP_PORT").asText();
        assertThat(app.at("/environment/BELIEFSTREAM_HTTP_HOST").asText()).isEqualTo("0.0.0.0");
        List<String> ports = new ArrayList<>();
        app.get("ports").forEach(p -> ports.add(p.asText()));
        assertThat(ports).anySatisfy(p -> assertThat(p).endsWith(":" + httpPort));

        JsonNode prometheus = services.get("prometheus");
        String mount = null;
        for (JsonNode v : prometheus.get("volumes")) {
            if (v.asText().endsWith(":/etc/prometheus/prometheus.yml:ro")) {
                mount = v.asText().split(":")[0];
            }
        }
        assertThat(mount).as("prometheus.yml bind mount").isNotNull();
        JsonNode scrape = YAML.readTree(ROOT.resolve(mount).toFile()).at("/scrape_configs/0");
        assertThat(scrape.get("metrics_path").asText()).isEqualTo("/metrics");
        assertThat(scrape.at("/static_configs/0/targets/0").asText()).isEqualTo("beliefstream:" + httpPort);
    }

    @Test
    void shouldDeclareEveryNamedVolumeAndHaveEveryBindMountOnDisk() throws Exception {
        JsonNode root = compose();
        List<String> declared = new ArrayList<>();
        root.get("volumes").fieldNames().forEachRemaining(declared::add);
        root.get("services").forEach(service -> {
            if (service.has("volumes")) {
                for (JsonNode v : service.get("volumes")) {
                    String source = v.asText().split(":")[0];
                    if (source.startsWith(".")) {
                        assertThat(ROOT.resolve(source)).exists();
                    } else {
                        assertThat(declared).contains(source);
                    }
                }
            }
        });
        JsonNode grafana = root.at("/services/grafana");
        assertThat(grafana.get("image").asText()).startsWith("grafana/grafana:");
        JsonNode datasource = YAML.readTree(ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml")
                .toFile()).at("/datasources/0");
        assertThat(datasource.get("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(root.at("/services/prometheus/ports/0").asText()).isEqualTo("9090:9090");
    }

    @Test
    void shouldQueryOnlyDocumentedMetricsInTheGrafanaDashboard() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(ROOT.resolve("deploy/grafana/dashboards/beliefstream.json")
                .toFile());
        java.util.Set<String> documented = new java.util.HashSet<>();
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("(?m)^\\| `[a-z][a-z0-9.]*` \\| `([a-z_0-9]+)` \\|")
                .matcher(Files.readString(ROOT.resolve("docs/metrics.md")));
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertThat(documented).hasSizeGreaterThan(30);
        java.util.regex.Pattern series = java.util.regex.Pattern.compile("\\b((?:beliefstream|jvm|process|system)_[a-z_0-9]+)");
        List<String> queried = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.at("/datasource/uid").asText()).isEqualTo("prometheus");
            for (JsonNode target : panel.get("targets")) {
                java.util.regex.Matcher m = series.matcher(target.get("expr").asText());
                while (m.find()) {
                    queried.add(m.group(1).replaceAll("_(count|sum|max)$", ""));
                }
            }
        }
        assertThat(queried).isNotEmpty().allSatisfy(name -> assertThat(documented).as("docs/metrics.md lists %s", name)
                .contains(name));
        List<String> titles = new ArrayList<>();
        dashboard.get("panels").forEach(p -> titles.add(p.get("title").asText().toLowerCase(java.util.Locale.ROOT)));
        assertThat(titles).anyMatch(t -> t.contains("throughput")).anyMatch(t -> t.contains("latency"))
                .anyMatch(t -> t.contains("lag")).anyMatch(t -> t.contains("anomaly")).anyMatch(t -> t.contains("codebook"));
        JsonNode provider = YAML.readTree(ROOT.resolve("deploy/grafana/provisioning/dashboards/beliefstream.yml").toFile());
        assertThat(provider.at("/providers/0/options/path").asText()).isEqualTo("/var/lib/grafana/dashboards");
    }
}
