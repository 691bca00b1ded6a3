package io.beliefstream.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ModelMetricsTest {

    @Test
    void shouldFollowTheActiveModelAndItsCodebookAcrossAHotSwap() {
        AtomicReference<List<ModelStatsSource.ModelStatus>> models = new AtomicReference<>(List.of(
                new ModelStatsSource.ModelStatus("last-value", "1", true, null)));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ModelMetrics metrics = new ModelMetrics(models::get);
        metrics.bindTo(registry);
        assertThat(registry.get(ModelMetrics.ACTIVE).tag("model", "last-value").gauge().value()).isEqualTo(1.0);
        assertThat(registry.find(ModelMetrics.CODEBOOK_PERPLEXITY).gauges()).isEmpty();

        models.set(List.of(new ModelStatsSource.ModelStatus("last-value", "1", false, null),
                new ModelStatsSource.ModelStatus("vq-vae", "3", true, new ModelStatsSource.CodebookStats(32, 20, 12.5, 4))));
        metrics.refresh();
        assertThat(registry.find(ModelMetrics.ACTIVE).gauges()).hasSize(1);
        assertThat(registry.get(ModelMetrics.ACTIVE).tag("model", "vq-vae").tag("version", "3").gauge().value())
                .isEqualTo(1.0);
        assertThat(registry.get(ModelMetrics.CODEBOOK_PERPLEXITY).tag("model", "vq-vae").gauge().value()).isEqualTo(12.5);
        assertThat(registry.get(ModelMetrics.CODEBOOK_LIVE_CODES).gauge().value()).isEqualTo(20.0);
        assertThat(registry.get(ModelMetrics.CODEBOOK_SIZE).gauge().value()).isEqualTo(32.0);
        assertThat(registry.get(ModelMetrics.CODEBOOK_RESTARTS).functionCounter().count()).isEqualTo(4.0);

        // values are read live between refreshes
        models.set(List.of(new ModelStatsSource.ModelStatus("vq-vae", "3", true,
                new ModelStatsSource.CodebookStats(32, 31, 28.0, 9))));
        assertThat(registry.get(ModelMetrics.CODEBOOK_PERPLEXITY).gauge().value()).isEqualTo(28.0);
        assertThat(registry.get(ModelMetrics.CODEBOOK_RESTARTS).functionCounter().count()).isEqualTo(9.0);
    }

    @Test
    void shouldRefuseImpossibleCodebookStats() {
        assertThatThrownBy(() -> new ModelStatsSource.CodebookStats(8, 9, 2, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("live 9");
    }
}
