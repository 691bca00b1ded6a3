package io.beliefstream.app;

import io.beliefstream.models.ModelException;
import io.beliefstream.models.PerDimensionModel;
import io.beliefstream.models.SequenceModel;
import io.beliefstream.models.baseline.LastValueModel;
import io.beliefstream.models.score.AnomalyComponent;
import io.beliefstream.models.score.ScoreNormaliser;
import io.beliefstream.models.score.SeasonalComponent;
import io.beliefstream.models.score.ShapeComponent;
import io.beliefstream.models.scorer.ScorerKind;
import io.beliefstream.models.scorer.ScorerModel;
import io.beliefstream.models.tdvae.TdVaeModel;
import io.beliefstream.models.vqvae.VqVaeModel;
import io.beliefstream.streams.ModelSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Builds the served {@link ModelSet} from the {@code model.*} settings. */
final class ModelLoader {
    private ModelLoader() {}

    /** Names a forecaster can be activated by. */
    static final java.util.List<String> FORECASTERS = java.util.List.of("td-vae", "last-value");

    static ModelSet load(Settings s) {
        return load(s, s.integer(Settings.MODEL_INPUT_DIM));
    }

    /** As {@link #load(Settings)}, for streams of dimension {@code dim} whatever {@code model.input-dim} says. */
    static ModelSet load(Settings s, int dim) {
        SequenceModel forecaster = forecaster(s, s.choice(Settings.MODEL_FORECASTER, "td-vae", "last-value"), dim);
        ModelSet models;
        try {
            String scorer = s.choice(Settings.MODEL_SCORER, SCORERS.toArray(String[]::new));
            if (scorer.equals("none")) {
                models = ModelSet.of(forecaster);
            } else if (scorer.equals("vq-vae")) {
                Optional<Path> bundle = s.optionalPath(Settings.MODEL_VQVAE_BUNDLE);
                VqVaeModel vq = bundle.isPresent() ? VqVaeModel.load(bundle.get()) : VqVaeModel.loadDefault();
                models = ModelSet.of(forecaster, vq.withOwnCodebook());
            } else {
                models = ModelSet.of(forecaster, familyScorer(ScorerKind.of(scorer),
                        s.optionalPath(Settings.MODEL_SCORER_BUNDLE)));
            }
        } catch (IOException | ModelException e) {
            throw new Settings.ConfigException("cannot load the scorer (model.scorer / model.vqvae-bundle / "
                    + "model.scorer-bundle): " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new Settings.ConfigException(e.getMessage());
        }
        return withSeasonalPeriod(withShapeMemory(models, s.bool(Settings.MODEL_SHAPE_MEMORY)),
                s.longValue(Settings.MODEL_SEASONAL_PERIOD))
                .withAnomalyThreshold(s.doubleValue(Settings.MODEL_ANOMALY_THRESHOLD));
    }

    /** Values of {@code model.scorer}: the VQ-VAE, the autoencoder family ({@link ScorerKind}) and none. */
    static final java.util.List<String> SCORERS = scorers();

    private static java.util.List<String> scorers() {
        java.util.List<String> out = new java.util.ArrayList<>(java.util.List.of("vq-vae"));
        for (ScorerKind k : ScorerKind.values()) {
            out.add(k.label());
        }
        out.add("none");
        return java.util.List.copyOf(out);
    }

    /** A scorer of the family: the bundle if given (it must be of {@code kind}), else the kind's default. */
    private static ScorerModel familyScorer(ScorerKind kind, Optional<Path> bundle) throws IOException {
        ScorerModel m = bundle.isPresent() ? ScorerModel.load(bundle.get()) : ScorerModel.loadDefault(kind);
        if (m.config().kind() != kind) {
            throw new ModelException("model.scorer-bundle holds a " + m.config().kind().label()
                    + " scorer, model.scorer is " + kind.label());
        }
        return m.withOwnCodebook();
    }

    /**
     * The models with the normaliser's {@link ShapeComponent} ({@link ShapeComponent#defaults()}) when {@code on}
     * (the setting {@code model.shape-memory}, off by default: docs/decisions.md), placed before the seasonal
     * component (or last); unchanged when off or already there. A univariate forecaster only: the memory reads one
     * value per observation.
     */
    static ModelSet withShapeMemory(ModelSet models, boolean on) {
        if (!on || models.components().stream().anyMatch(c -> c instanceof ShapeComponent)) {
            return models;
        }
        if (models.forecaster().info().inputDim() != 1) {
            throw new Settings.ConfigException("model.shape-memory needs univariate streams (model dimension "
                    + models.forecaster().info().inputDim() + ")");
        }
        java.util.List<AnomalyComponent> next = new java.util.ArrayList<>(models.components());
        int at = next.size();
        for (int i = 0; i < next.size(); i++) {
            if (next.get(i) instanceof SeasonalComponent) {
                at = i;
            }
        }
        next.add(at, ShapeComponent.defaults());
        return models.withNormaliser(new ScoreNormaliser(models.normaliser().config().withComponents(next)));
    }

    /**
     * The models with the normaliser's seasonal profile over {@code periodMillis} (0: none); unchanged for the
     * default daily period, and for forecasters the default gives no profile (multivariate ones).
     */
    static ModelSet withSeasonalPeriod(ModelSet models, long periodMillis) {
        java.util.List<AnomalyComponent> next = new java.util.ArrayList<>();
        boolean changed = false;
        for (AnomalyComponent c : models.components()) {
            if (c instanceof SeasonalComponent p && p.periodMillis() != periodMillis) {
                changed = true;
                if (periodMillis != 0) {
                    next.add(p.withPeriod(periodMillis));
                }
            } else {
                next.add(c);
            }
        }
        return changed ? models.withNormaliser(new ScoreNormaliser(models.normaliser().config().withComponents(next)))
                : models;
    }

    /**
     * {@code model} for streams of dimension {@code dim}: as it is when it has that dimension; a univariate bundle
     * (the default) applied to each dimension on its own ({@link PerDimensionModel}) when {@code dim > 1}.
     */
    static SequenceModel forDimension(SequenceModel model, int dim) {
        int own = model.info().inputDim();
        if (own == dim) {
            return model;
        }
        if (own == 1) {
            return new PerDimensionModel(model, dim);
        }
        throw new Settings.ConfigException("model.tdvae-bundle has dimension " + own + "; model.input-dim is " + dim
                + " (a bundle serves its own dimension, a univariate one any)");
    }

    /** The forecaster {@code name} ({@code td-vae} or {@code last-value}) as the settings configure it. */
    static SequenceModel forecaster(Settings s, String name) {
        return forecaster(s, name, s.integer(Settings.MODEL_INPUT_DIM));
    }

    /** The forecaster {@code name} for streams of dimension {@code dim}. */
    static SequenceModel forecaster(Settings s, String name, int dim) {
        int[] horizons = s.horizons();
        double level = s.intervalLevel();
        SequenceModel forecaster;
        try {
            if (name.equals("last-value")) {
                forecaster = new LastValueModel(dim, horizons, level);
            } else {
                Optional<Path> bundle = s.optionalPath(Settings.MODEL_TDVAE_BUNDLE);
                forecaster = bundle.isPresent() ? TdVaeModel.load(bundle.get(), horizons, level)
                        : TdVaeModel.loadDefault(horizons, level);
                forecaster = forDimension(forecaster, dim);
            }
        } catch (IOException | ModelException e) {
            throw new Settings.ConfigException("cannot load the forecaster (model.forecaster / model.tdvae-bundle): "
                    + e.getMessage());
        }
        return forecaster;
    }
}
