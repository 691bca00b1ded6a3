package io.beliefstream.models.vqvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.beliefstream.models.StreamState;
import io.beliefstream.models.score.ReconstructionComponent;
import io.beliefstream.models.score.ScoreNormaliser;
import io.beliefstream.models.score.ScoreNormaliserConfig;
import io.beliefstream.models.score.SeasonalComponent;
import io.beliefstream.models.score.SurpriseComponent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Binary forms written by version 1 of this code (files in {@code src/test/resources/io/beliefstream/models/golden})
 * must keep loading: the codebook snapshot (compacted codebook topic), the window state and the score state
 * (state changelog).
 */
class GoldenFormatsTest {

    @Test
    void shouldRestoreAVersionOneCodebookSnapshot() throws IOException {
        EmaCodebook cb = new EmaCodebook(new CodebookConfig(3, 2, 0.9, 1e-5, 0.01, 2, 8, 5));
        byte[] bytes = golden("codebook-v1.bin");
        cb.restore(bytes);
        // initialised with (0,0), (1,1), (-2,3) at count 2, then one EMA step with (0.5,0) → 0 and (1,1.5) → 1
        float[] e = cb.codes();
        float[] expected = {0.026315799f, 0f, 1.0000001f, 1.0263159f, -1.9999996f, 2.9999993f};
        for (int i = 0; i < expected.length; i++) {
            assertThat(e[i]).isCloseTo(expected[i], within(1e-6f));
        }
        assertThat(cb.stats().updates()).isEqualTo(1);
        assertThat(cb.stats().restarts()).isZero();
        assertThat(cb.snapshot()).containsExactly(bytes);
    }

    @Test
    void shouldReadAVersionOneWindowState() throws IOException {
        VqVaeModel m = VqVaeModel.untrained(VqVaeConfig.of(4, 3, 2, 3), 1);
        byte[] bytes = golden("window-state-v1.bin");
        StreamState s = m.readState(ByteBuffer.wrap(bytes));
        assertThat(s.observations()).isEqualTo(5);
        ByteBuffer again = ByteBuffer.allocate(s.serializedSize());
        s.writeTo(again);
        assertThat(again.array()).containsExactly(bytes);
    }

    @Test
    void shouldReadAVersionOneScoreState() throws IOException {
        ScoreNormaliser n = new ScoreNormaliser(ScoreNormaliserConfig.of(new SurpriseComponent(),
                new ReconstructionComponent()));
        ScoreNormaliser.State s = n.readState(ByteBuffer.wrap(golden("score-state-v1.bin")));
        assertThat(s.count(1)).isEqualTo(5);
        assertThat(s.longMean(0)).isCloseTo(1.0f, within(1e-6f));
        assertThat(s.longMean(1)).isCloseTo(0.79336077f, within(1e-6f));
        // written back in the current (named) form and read again: the same calibration
        ByteBuffer again = ByteBuffer.allocate(s.serializedSize());
        s.writeTo(again);
        assertThat(again.get(0)).isEqualTo(ScoreNormaliser.STATE_VERSION);
        ScoreNormaliser.State back = n.readState(again.flip());
        assertThat(back.count(1)).isEqualTo(5);
        assertThat(back.longMean(1)).isEqualTo(s.longMean(1));
        // the service's default normaliser (with the daily seasonal profile) reads it too: calibration kept, the
        // seasonal component and profile start afresh
        ScoreNormaliser seasonal = new ScoreNormaliser(ScoreNormaliserConfig.of(new SurpriseComponent(),
                new ReconstructionComponent(), SeasonalComponent.daily()));
        ScoreNormaliser.State d = seasonal.readState(ByteBuffer.wrap(golden("score-state-v1.bin")));
        assertThat(d.count(1)).isEqualTo(5);
        assertThat(d.longMean(1)).isCloseTo(0.79336077f, within(1e-6f));
        assertThat(d.count(2)).isZero();
    }

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = GoldenFormatsTest.class.getResourceAsStream("/io/beliefstream/models/golden/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
