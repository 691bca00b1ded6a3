package io.beliefstream.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.beliefstream.streams.DeadLetterReason;
import io.beliefstream.streams.EngineStats;
import io.micrometer.core.instrument.Meter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/metrics.md and the registry agree: every documented meter is scraped under its name, and vice versa. */
class MetricsDocumentationTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z][a-z0-9.]*)` \\| `([a-z_0-9]+)` \\|", Pattern.MULTILINE);

    record Row(String meter, String series) {}

    static List<Row> documented() throws Exception {
        String doc = Files.readString(Path.of(System.getProperty("user.dir")).getParent().resolve("docs/metrics.md"));
        List<Row> rows = new ArrayList<>();
        Matcher m = ROW.matcher(doc);
        while (m.find()) {
            rows.add(new Row(m.group(1), m.group(2)));
        }
        return rows;
    }

    static Monitoring monitoringWithEveryBinder(EngineStats stats) {
        Monitoring monitoring = new Monitoring();
        monitoring.bind(new EngineMetrics(() -> stats));
        monitoring.bind(new StreamMetrics(() -> stats));
        monitoring.bind(new ModelMetrics(() -> List.of(
                new ModelStatsSource.ModelStatus("vq-vae", "7", true, new ModelStatsSource.CodebookStats(64, 40, 21.5, 3)),
                new ModelStatsSource.ModelStatus("td-vae", "2", true, null))));
        return monitoring;
    }

    @Test
    void shouldExposeEveryDocumentedMeterUnderItsDocumentedPrometheusName() throws Exception {
        EngineStats stats = new EngineStats();
        try (Monitoring monitoring = monitoringWithEveryBinder(stats)) {
            stats.recordModelStep(12, 150_000);
            stats.recordBatchTime(40, 2_000_000);
            stats.recordCommit(900_000);
            stats.recordDeadLetter(DeadLetterReason.NON_FINITE);
            String scrape = monitoring.scrape();
            List<Row> rows = documented();
            assertThat(rows).hasSizeGreaterThan(30);
            for (Row row : rows) {
                if (row.meter().startsWith("beliefstream.gateway.")) {
                    continue; // bound by the gateway module; GatewayIT checks these rows against its /metrics
                }
                assertThat(scrape).as("series %s of meter %s", row.series(), row.meter())
                        .containsPattern("(?m)^" + Pattern.quote(row.series()) + "[{ ]");
                assertThat(monitoring.registry().find(row.meter()).meters()).as(row.meter()).isNotEmpty();
            }
        }
    }

    @Test
    void shouldDocumentEveryBeliefStreamMeterAndDescribeIt() throws Exception {
        EngineStats stats = new EngineStats();
        try (Monitoring monitoring = monitoringWithEveryBinder(stats)) {
            Set<String> documented = documented().stream().map(Row::meter).collect(Collectors.toSet());
            for (Meter m : monitoring.registry().getMeters()) {
                String name = m.getId().getName();
                if (name.startsWith("beliefstream.")) {
                    assertThat(documented).as("docs/metrics.md lists %s", name).contains(name);
                    assertThat(m.getId().getDescription()).as("description of %s", name).isNotBlank();
                }
            }
        }
    }

    @Test
    void shouldKeepTagCardinalityBounded() {
        EngineStats stats = new EngineStats();
        try (Monitoring monitoring = monitoringWithEveryBinder(stats)) {
            for (Meter m : monitoring.registry().getMeters()) {
                if (m.getId().getName().startsWith("beliefstream.")) {
                    assertThat(m.getId().getTags()).extracting(t -> t.getKey())
                            .isSubsetOf("service", "reason", "model", "version", "outcome", "rank", "method", "route", "status");
                }
            }
            assertThat(monitoring.registry().find(EngineMetrics.DEAD_LETTERS).meters())
                    .hasSize(DeadLetterReason.values().length);
        }
    }
}
