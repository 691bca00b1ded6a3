package io.beliefstream.app;

import io.beliefstream.eval.EvalException;
import io.beliefstream.eval.forecast.ForecastContext;
import io.beliefstream.eval.forecast.Forecaster;
import io.beliefstream.eval.forecast.ForecasterFactory;
import io.beliefstream.eval.forecast.SequenceModelForecaster;
import io.beliefstream.models.tdvae.TdVaeModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * BeliefStream's TD-VAE as a forecaster of the evaluation harnesses ({@code evaluate forecast}, both protocols, and
 * {@code evaluate m4}): in {@link #fit} it trains on the run's training splits ({@link ForecastTraining}; the
 * validation split, where there is one, chooses between candidate weights), or loads a bundle; every series is then
 * streamed through the serving path ({@link SequenceModelForecaster}) with the horizons the harness asks for.
 */
final class TdVaeForecasterFactory implements ForecasterFactory {
    /** Name in results. */
    static final String NAME = "beliefstream-tdvae";

    private final Path bundle;
    private final long seed;
    private final PrintStream progress;
    private final Path save;
    private TdVaeModel model;
    private int[] horizons;

    /**
     * @param bundle a trained bundle to serve instead of training, or {@code null}
     * @param seed training seed
     * @param progress where training prints, or {@code null}
     */
    TdVaeForecasterFactory(Path bundle, long seed, PrintStream progress) {
        this(bundle, seed, progress, null);
    }

    /**
     * @param bundle a trained bundle to serve instead of training, or {@code null}
     * @param seed training seed
     * @param progress where training prints, or {@code null}
     * @param save where to save the served model as a bundle after {@link #fit}, or {@code null}
     */
    TdVaeForecasterFactory(Path bundle, long seed, PrintStream progress, Path save) {
        this.bundle = bundle;
        this.seed = seed;
        this.progress = progress;
        this.save = save;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void fit(List<ForecastContext> series) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no series to fit");
        }
        ForecastContext first = series.get(0);
        horizons = first.horizons();
        if (bundle != null) {
            try {
                model = TdVaeModel.load(bundle, horizons, first.intervalLevel());
            } catch (IOException e) {
                throw new EvalException("cannot load the TD-VAE bundle " + bundle + ": " + e.getMessage(), e);
            }
        } else if (series.size() == 1) {
            model = ForecastTraining.train(first, seed, progress, "training split (" + first.train().length
                    + " rows)");
        } else {
            model = ForecastTraining.trainMany(series, seed, progress, "training splits");
        }
        if (save != null) {
            try {
                model.servingBundle().save(save);
            } catch (IOException e) {
                throw new EvalException("cannot save the TD-VAE bundle " + save + ": " + e.getMessage(), e);
            }
            if (progress != null) {
                progress.println("TD-VAE saved to " + save);
            }
        }
    }

    @Override
    public Forecaster create(ForecastContext context) {
        if (model == null) {
            fit(List.of(context));
        }
        return SequenceModelForecaster.factory(NAME, model).create(context);
    }
}
