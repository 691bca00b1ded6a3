package io.beliefstream.app;

import io.beliefstream.eval.forecast.ForecastEvaluation;
import io.beliefstream.eval.forecast.ForecastEvaluationOptions;
import io.beliefstream.models.tdvae.TdVaeConfig;
import io.beliefstream.models.tdvae.TdVaeModel;
import io.beliefstream.models.tdvae.TdVaeTrainer;
import io.beliefstream.models.tdvae.TdVaeTrainingConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains the TD-VAE that {@code evaluate forecast} measures, on the training split only (the first 12 months,
 * standardised with their own statistics, as every forecaster in the evaluation sees them). The long training series
 * is cut into overlapping chunks so the trainer's windows come from many places.
 */
final class ForecastTraining {
    /** Length of the chunks the training split is cut into. */
    static final int CHUNK = 480;

    private ForecastTraining() {}

    static TdVaeModel trainOnTrainingSplit(ForecastEvaluationOptions options, int[] horizons, long seed,
            PrintStream progress) {
        ForecastEvaluation.Prepared p = ForecastEvaluation.prepare(options);
        List<float[][]> chunks = new ArrayList<>();
        for (int start = 0; start + CHUNK <= p.trainEnd(); start += CHUNK / 2) {
            float[][] c = new float[CHUNK][1];
            for (int i = 0; i < CHUNK; i++) {
                c[i][0] = (float) p.y()[start + i];
            }
            chunks.add(c);
        }
        int maxHorizon = 0;
        for (int h : horizons) {
            maxHorizon = Math.max(maxHorizon, h);
        }
        TdVaeTrainingConfig training = TdVaeTrainingConfig.defaults().withWindowLength(96).withPairsPerWindow(16)
                .withJumps(Math.min(10, maxHorizon), Math.max(maxHorizon, 30), 0.6).withEpochs(20, 40)
                .withPatience(5).withSeed(seed).withNormalisation(TdVaeTrainingConfig.Normalisation.GLOBAL);
        TdVaeTrainer.Result r = TdVaeTrainer.train(TdVaeConfig.defaults(), training, chunks, progress,
                "training split of " + options.dataFile().getFileName() + " (" + options.target() + "), "
                        + chunks.size() + " chunks of " + CHUNK);
        return new TdVaeModel(r.model(), horizons, 0.8, TdVaeModel.Scaling.BUNDLE_STATISTICS);
    }
}
