package io.beliefstream.models.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.beliefstream.models.vqvae.RegimeSignals;
import io.beliefstream.models.vqvae.VqVaeTrainer;
import io.beliefstream.models.vqvae.VqVaeTrainingConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every kind learns: its objective falls on synthetic windows (small model, fixed seeds). */
class ScorerTrainerTest {

    @ParameterizedTest
    @EnumSource(ScorerKind.class)
    void shouldLowerItsLossOnSyntheticWindows(ScorerKind kind) {
        ScorerConfig d = ScorerConfig.defaults(kind);
        ScorerConfig c = new ScorerConfig(kind, 16, 16, kind == ScorerKind.K_SPARSE ? 8 : 4, d.regularisation(),
                3, 4, 2, 4, 8, d.normalisationWindow(), d.clip());
        List<float[]> parts = new ArrayList<>();
        for (float[] s : RegimeSignals.trainingCorpus(2, 400, 11L)) {
            parts.add(VqVaeTrainer.windowsOf(s, c.window(), c.normalisationWindow(), c.clip(), 4));
        }
        float[] windows = VqVaeTrainer.concat(parts);
        ScorerTrainingResult r = new ScorerTrainer(c, new VqVaeTrainingConfig(3, 32, 3e-3, 5L))
                .train(windows, null, "test");
        assertThat(r.loss()).hasSize(4);
        assertThat(r.loss()[3]).as("loss after 3 epochs vs before, %s", java.util.Arrays.toString(r.loss()))
                .isLessThan(r.loss()[0]);
        assertThat(r.steps()).isGreaterThan(0);
        assertThat(r.model().info().name()).isEqualTo(kind.label());
    }
}
