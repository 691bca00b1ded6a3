package io.beliefstream.app;

import io.beliefstream.gateway.GatewayException;
import io.beliefstream.gateway.ModelCatalog;
import io.beliefstream.models.ModelInfo;
import io.beliefstream.monitoring.ModelStatsSource;
import io.beliefstream.streams.StreamsService;
import java.util.List;
import java.util.function.Supplier;

/**
 * The model catalogue and model meters over what the engine serves now: today one model, the active one. Activating
 * it is a no-op (200, {@code changed: false}); any other name is 404. Hot swapping (issue #5) extends this class.
 */
final class EngineModelCatalog implements ModelCatalog {
    private final Supplier<StreamsService> engine;

    EngineModelCatalog(Supplier<StreamsService> engine) {
        this.engine = engine;
    }

    private ModelDescriptor active() {
        ModelInfo info = engine.get().modelInfo();
        return new ModelDescriptor(info.name(), info.version(), "forecaster", info.stateFormat(), true);
    }

    @Override
    public List<ModelDescriptor> models() {
        return List.of(active());
    }

    @Override
    public Activation activate(String name) {
        ModelDescriptor active = active();
        if (active.name().equals(name)) {
            return new Activation(active, false);
        }
        throw GatewayException.notFound("no model named '" + name + "'; available: " + List.of(active.name()));
    }

    /** The same models for the model meters (no codebook yet: the last-value baseline has none). */
    ModelStatsSource statsSource() {
        return () -> {
            ModelInfo info = engine.get().modelInfo();
            return List.of(new ModelStatsSource.ModelStatus(info.name(), info.version(), true, null));
        };
    }
}
