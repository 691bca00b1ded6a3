package io.beliefstream.app;

import io.beliefstream.models.ModelException;
import io.beliefstream.models.SequenceModel;
import io.beliefstream.models.baseline.LastValueModel;
import io.beliefstream.models.score.ScoreNormaliser;
import io.beliefstream.models.score.ScoreNormaliserConfig;
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
        SequenceModel forecaster = forecaster(s, s.choice(Settings.MODEL_FORECASTER, "td-vae", "last-value"));
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
        try {
            models = models.withShapeMemory(s.bool(Settings.MODEL_SHAPE_MEMORY));
        } catch (IllegalArgumentException e) {
            throw new Settings.ConfigException(e.getMessage());
        }
        return withSeasonalPeriod(models, s.longValue(Settings.MODEL_SEASONAL_PERIOD))
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
     * The models with the normaliser's seasonal profile over {@code periodMillis} (0: none); unchanged for the
     * default daily period, and for forecasters the default gives no profile (multivariate ones).
     */
    static ModelSet withSeasonalPeriod(ModelSet models, long periodMillis) {
        ScoreNormaliserConfig c = models.normaliser().config();
        if (c.seasonal() == null || c.seasonal().periodMillis() == periodMillis) {
            return models;
        }
        ScoreNormaliserConfig.Seasonal d = c.seasonal();
        ScoreNormaliserConfig next = c.withSeasonal(periodMillis == 0 ? null : new ScoreNormaliserConfig.Seasonal(
                periodMillis, d.buckets(), d.windowPeriods(), d.warmupPeriods()));
        return new ModelSet(models.forecaster(), models.scorer(), new ScoreNormaliser(next), models.anomalyThreshold());
    }

    /** The forecaster {@code name} ({@code td-vae} or {@code last-value}) as the settings configure it. */
    static SequenceModel forecaster(Settings s, String name) {
        int[] horizons = s.horizons();
        double level = s.intervalLevel();
        SequenceModel forecaster;
        try {
            if (name.equals("last-value")) {
                forecaster = new LastValueModel(s.integer(Settings.MODEL_INPUT_DIM), horizons, level);
            } else {
                Optional<Path> bundle = s.optionalPath(Settings.MODEL_TDVAE_BUNDLE);
                forecaster = bundle.isPresent() ? TdVaeModel.load(bundle.get(), horizons, level)
                        : TdVaeModel.loadDefault(horizons, level);
            }
        } catch (IOException | ModelException e) {
            throw new Settings.ConfigException("cannot load the forecaster (model.forecaster / model.tdvae-bundle): "
                    + e.getMessage());
        }
        return forecaster;
    }
}
