package io.beliefstream.app;

import io.beliefstream.gateway.GatewayException;
import io.beliefstream.gateway.ModelCatalog;
import io.beliefstream.models.CodebookStats;
import io.beliefstream.models.ModelInfo;
import io.beliefstream.models.SequenceModel;
import io.beliefstream.monitoring.ModelStatsSource;
import io.beliefstream.streams.ModelSet;
import io.beliefstream.streams.StreamsService;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The model catalogue over what the engine serves: the forecasters that can be activated ({@code td-vae} from its
 * configured or default bundle, {@code last-value}) and the active window scorer. {@code POST
 * /v1/models/{name}/activate} with a forecaster's name swaps it in between two batches (see
 * {@link StreamsService#activate(ModelSet)} for what happens to the beliefs); the active one is a no-op; the scorer
 * can only be "activated" when it is already active; anything else is 404.
 */
final class EngineModelCatalog implements ModelCatalog {
    private final Supplier<StreamsService> engine;
    private final Settings settings;

    EngineModelCatalog(Supplier<StreamsService> engine, Settings settings) {
        this.engine = engine;
        this.settings = settings;
    }

    @Override
    public synchronized List<ModelDescriptor> models() {
        ModelSet m = engine.get().models();
        ModelInfo active = m.forecaster().info();
        List<ModelDescriptor> out = new ArrayList<>();
        out.add(new ModelDescriptor(active.name(), active.version(), "forecaster", active.stateFormat(), true));
        for (String name : ModelLoader.FORECASTERS) {
            if (!name.equals(active.name())) {
                out.add(new ModelDescriptor(name, "(loaded on activation)", "forecaster", "", false));
            }
        }
        if (m.scorer() != null) {
            out.add(new ModelDescriptor(m.scorer().info().name(), m.scorer().info().version(), "scorer",
                    m.scorer().info().stateFormat(), true));
        }
        return out;
    }

    @Override
    public synchronized Activation activate(String name) {
        ModelSet m = engine.get().models();
        ModelInfo active = m.forecaster().info();
        if (name.equals(active.name())) {
            return new Activation(descriptor(active), false);
        }
        if (m.scorer() != null && name.equals(m.scorer().info().name())) {
            return new Activation(new ModelDescriptor(name, m.scorer().info().version(), "scorer",
                    m.scorer().info().stateFormat(), true), false);
        }
        if (!ModelLoader.FORECASTERS.contains(name)) {
            throw GatewayException.notFound("no model named '" + name + "'; available: " + ModelLoader.FORECASTERS);
        }
        SequenceModel next;
        try {
            next = ModelLoader.forecaster(settings, name);
        } catch (Settings.ConfigException e) {
            throw GatewayException.notFound("model '" + name + "' cannot be loaded: " + e.getMessage());
        }
        engine.get().activate(new ModelSet(next, m.scorer(), m.normaliser(), m.anomalyThreshold()));
        return new Activation(descriptor(next.info()), true);
    }

    private static ModelDescriptor descriptor(ModelInfo info) {
        return new ModelDescriptor(info.name(), info.version(), "forecaster", info.stateFormat(), true);
    }

    /** The served models for the model meters, with the live codebook statistics. */
    ModelStatsSource statsSource() {
        return () -> {
            StreamsService s = engine.get();
            ModelSet m = s.models();
            List<ModelStatsSource.ModelStatus> out = new ArrayList<>();
            out.add(new ModelStatsSource.ModelStatus(m.forecaster().info().name(), m.forecaster().info().version(),
                    true, null));
            if (m.scorer() != null) {
                CodebookStats c = s.codebookStats();
                out.add(new ModelStatsSource.ModelStatus(m.scorer().info().name(), m.scorer().info().version(), true,
                        c == null ? null : new ModelStatsSource.CodebookStats(c.size(), c.liveCodes(), c.perplexity(),
                                c.restarts())));
            }
            return out;
        };
    }
}
