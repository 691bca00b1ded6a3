package io.beliefstream.monitoring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Model meters, tagged by model name (and version for {@link #ACTIVE}): a handful of values, never per stream.
 * Codebook meters exist only for models that have a codebook. The set of rows follows the source at each
 * {@link #refresh()} ({@link Monitoring} refreshes before every scrape and snapshot).
 */
public final class ModelMetrics implements MeterBinder {
    public static final String ACTIVE = "beliefstream.model.active";
    public static final String CODEBOOK_PERPLEXITY = "beliefstream.model.codebook.perplexity";
    public static final String CODEBOOK_LIVE_CODES = "beliefstream.model.codebook.live.codes";
    public static final String CODEBOOK_SIZE = "beliefstream.model.codebook.size";
    public static final String CODEBOOK_RESTARTS = "beliefstream.model.codebook.restarts";

    private final ModelStatsSource source;
    private MeterRegistry registry;
    private MultiGauge active;
    private MultiGauge perplexity;
    private MultiGauge liveCodes;
    private MultiGauge size;
    private final Set<String> restartCounters = new HashSet<>();

    public ModelMetrics(ModelStatsSource source) {
        this.source = source;
    }

    @Override
    public synchronized void bindTo(MeterRegistry r) {
        registry = r;
        active = MultiGauge.builder(ACTIVE).description("1 for each model version serving now").register(r);
        perplexity = MultiGauge.builder(CODEBOOK_PERPLEXITY)
                .description("Perplexity of the codebook's code usage (1 = collapse, K = uniform)").register(r);
        liveCodes = MultiGauge.builder(CODEBOOK_LIVE_CODES)
                .description("Codes whose EMA usage count is above the dead-code threshold").baseUnit("codes")
                .register(r);
        size = MultiGauge.builder(CODEBOOK_SIZE).description("Codes in the codebook (K)")
                .register(r);
        refresh();
    }

    /** Re-reads the set of models (after a hot swap); values in between are read live. */
    public synchronized void refresh() {
        if (registry == null) {
            return;
        }
        List<ModelStatsSource.ModelStatus> models = source.models();
        List<MultiGauge.Row<?>> activeRows = new ArrayList<>();
        List<MultiGauge.Row<?>> perplexityRows = new ArrayList<>();
        List<MultiGauge.Row<?>> liveRows = new ArrayList<>();
        List<MultiGauge.Row<?>> sizeRows = new ArrayList<>();
        for (ModelStatsSource.ModelStatus m : models) {
            if (m.active()) {
                activeRows.add(MultiGauge.Row.of(Tags.of("model", m.name(), "version", m.version()), 1));
            }
            if (m.codebook() != null) {
                String name = m.name();
                Tags tags = Tags.of("model", name);
                perplexityRows.add(row(tags, name, c -> c.perplexity()));
                liveRows.add(row(tags, name, c -> c.liveCodes()));
                sizeRows.add(row(tags, name, c -> c.size()));
                if (restartCounters.add(name)) {
                    FunctionCounter.builder(CODEBOOK_RESTARTS, this, self -> self.codebookValue(name, c -> c.restarts()))
                            .description("Dead codes re-initialised from recent encoder outputs").tags(tags)
                            .register(registry);
                }
            }
        }
        active.register(activeRows, true);
        perplexity.register(perplexityRows, true);
        liveCodes.register(liveRows, true);
        size.register(sizeRows, true);
    }

    private MultiGauge.Row<?> row(Tags tags, String name, ToDoubleFunction<ModelStatsSource.CodebookStats> f) {
        return MultiGauge.Row.of(tags, this, self -> self.codebookValue(name, f));
    }

    private double codebookValue(String name, ToDoubleFunction<ModelStatsSource.CodebookStats> f) {
        for (ModelStatsSource.ModelStatus m : source.models()) {
            if (m.name().equals(name) && m.codebook() != null) {
                return f.applyAsDouble(m.codebook());
            }
        }
        return Double.NaN;
    }
}
