package io.beliefstream.models.tdvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.beliefstream.models.ModelException;
import io.beliefstream.models.bundle.ModelBundle;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden bundle in test resources (written once by {@link GoldenBundle#main}, with its expected forecasts, and
 * committed) must keep loading and forecasting identically.
 */
class GoldenBundleTest {
    @TempDir
    Path dir;

    @Test
    void shouldLoadTheGoldenBundleAndForecastAsRecorded() throws Exception {
        TrainedTdVae trained = TrainedTdVae.loadResource(GoldenBundle.BUNDLE);
        assertThat(trained.config()).isEqualTo(
                new TdVaeConfig(1, 6, 2, 2, 5, 7, TdVaeConfig.Transition.RESIDUAL));
        assertThat(trained.normalisation()).isEqualTo(TdVaeTrainingConfig.Normalisation.PER_SEQUENCE);
        TdVaeModel model = new TdVaeModel(trained, GoldenBundle.HORIZONS, 0.9, null,
                TdVaeModel.Calibration.NONE);
        assertThat(model.scaling()).isEqualTo(TdVaeModel.Scaling.RUNNING_PER_STREAM);
        List<Float> actual = GoldenBundle.run(model);
        String text;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(GoldenBundle.EXPECTED)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String[] lines = text.strip().split("\n");
        assertThat(actual).hasSize(lines.length);
        for (int i = 0; i < lines.length; i++) {
            float expected = Float.parseFloat(lines[i]);
            if (Float.isNaN(expected)) {
                assertThat(actual.get(i)).as("value %d", i).isNaN();
            } else {
                assertThat(actual.get(i)).as("value %d", i)
                        .isCloseTo(expected, within(1e-5f * Math.max(1f, Math.abs(expected))));
            }
        }
    }

    @Test
    void shouldRoundTripABundleThroughAFile() throws Exception {
        TrainedTdVae a = TdVaeModelTest.randomModel(new TdVaeConfig(2, 5, 3, 1, 4, 6), 77);
        Path f = dir.resolve("m.bsb");
        a.save(f);
        TrainedTdVae b = TrainedTdVae.load(f);
        assertThat(b.config()).isEqualTo(a.config());
        assertThat(b.fingerprint()).isEqualTo(a.fingerprint());
        assertThat(b.mean()).containsExactly(a.mean());
        assertThat(b.std()).containsExactly(a.std());
        for (String name : a.params().keySet()) {
            assertThat(b.params().get(name)).as(name).containsExactly(a.params().get(name));
        }
    }

    @Test
    void shouldKeepTheResidualTransitionAsVersionOneAndTheRotationAsVersionTwo() throws Exception {
        // the golden (version 1) bundle re-saved is still version 1 without a transition field
        TrainedTdVae golden = TrainedTdVae.loadResource(GoldenBundle.BUNDLE);
        ModelBundle v1 = golden.toBundle();
        assertThat(v1.metadata().path("version").asInt()).isEqualTo(1);
        assertThat(v1.metadata().path("config").has("transition")).isFalse();
        assertThat(v1.tensorNames()).doesNotContain("T.Wr", "T.br");
        assertThat(TrainedTdVae.fromBundle(v1).fingerprint()).isEqualTo(golden.fingerprint());
        // a new model is version 2 with the rotation tensors
        TrainedTdVae rotation = TdVaeModelTest.randomModel(new TdVaeConfig(1, 4, 2, 1, 3, 3), 3);
        ModelBundle v2 = rotation.toBundle();
        assertThat(v2.metadata().path("version").asInt()).isEqualTo(2);
        assertThat(v2.metadata().path("config").path("transition").asText()).isEqualTo("ROTATION");
        assertThat(v2.tensorNames()).contains("T.Wr", "T.br");
        assertThat(TrainedTdVae.fromBundle(v2).config().transition()).isEqualTo(TdVaeConfig.Transition.ROTATION);
        // a version that does not match the transition is refused
        com.fasterxml.jackson.databind.node.ObjectNode meta = v2.metadata().deepCopy();
        meta.put("version", 1);
        ModelBundle.Builder mismatched = ModelBundle.builder(TrainedTdVae.KIND).metadata(meta);
        for (String n : v2.tensorNames()) {
            mismatched.tensor(n, v2.tensor(n).shape(), v2.tensor(n).values());
        }
        assertThatThrownBy(() -> TrainedTdVae.fromBundle(mismatched.build())).isInstanceOf(ModelException.class)
                .hasMessageContaining("rotation");
    }

    @Test
    void shouldInitialiseTheUnivariateInputWeightsOnlyInLayoutVersionTwo() {
        TdVaeConfig rotation = TdVaeConfig.defaults();
        float[] wx2 = new io.beliefstream.models.tdvae.internal.ParamLayout(rotation).initialise(1).get("lstm.Wx");
        float[] wx1 = new io.beliefstream.models.tdvae.internal.ParamLayout(
                rotation.withTransition(TdVaeConfig.Transition.RESIDUAL)).initialise(1).get("lstm.Wx");
        assertThat(wx1).containsOnly(0f);
        double norm = 0;
        for (float v : wx2) {
            norm += v * v;
        }
        assertThat(norm).isGreaterThan(0.1);
    }

    @Test
    void shouldRefuseABundleOfAnotherKindOrWithMissingTensors() throws Exception {
        ModelBundle other = ModelBundle.builder("vq-vae").build();
        assertThatThrownBy(() -> TrainedTdVae.fromBundle(other)).isInstanceOf(ModelException.class)
                .hasMessageContaining("td-vae");
        ModelBundle good = TdVaeModelTest.randomModel(new TdVaeConfig(1, 4, 2, 1, 3, 3), 1).toBundle();
        ModelBundle.Builder partial = ModelBundle.builder(TrainedTdVae.KIND).metadata(good.metadata());
        for (String n : good.tensorNames()) {
            if (!n.equals("T.Ws")) {
                partial.tensor(n, good.tensor(n).shape(), good.tensor(n).values());
            }
        }
        assertThatThrownBy(() -> TrainedTdVae.fromBundle(partial.build())).isInstanceOf(ModelException.class)
                .hasMessageContaining("T.Ws");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        good.write(bytes);
        byte[] raw = bytes.toByteArray();
        raw[raw.length / 2] ^= 0x40;
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(raw), "flipped"))
                .isInstanceOf(ModelException.class);
    }
}
