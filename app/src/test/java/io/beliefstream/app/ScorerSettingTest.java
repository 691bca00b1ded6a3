package io.beliefstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beliefstream.models.scorer.ScorerKind;
import io.beliefstream.models.scorer.ScorerModel;
import io.beliefstream.streams.ModelSet;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code model.scorer} selects any scorer of the family, from the jar's default bundle or a given one. */
class ScorerSettingTest {

    private static ModelSet load(Map<String, String> set) {
        return ModelLoader.load(Settings.resolve(set, Map.of(), Optional.empty()));
    }

    @Test
    void shouldServeEveryKindOfTheFamilyFromItsDefaultBundle() {
        for (ScorerKind k : ScorerKind.values()) {
            ModelSet m = load(Map.of("model.scorer", k.label()));
            assertThat(m.scorer().info().name()).isEqualTo(k.label());
            assertThat(m.scorer().info().version()).startsWith(k.label() + "-");
        }
        assertThat(load(Map.of()).scorer().info().name()).isEqualTo("vq-vae");
        assertThat(load(Map.of("model.scorer", "none")).scorer()).isNull();
    }

    @Test
    void shouldLoadAGivenBundleAndRefuseOneOfAnotherKind(@TempDir Path dir) throws Exception {
        Path sparse = dir.resolve("sparse.bsb");
        ScorerModel.loadDefault(ScorerKind.SPARSE).save(sparse);
        ModelSet m = load(Map.of("model.scorer", "sparse", "model.scorer-bundle", sparse.toString()));
        assertThat(m.scorer().info().version())
                .isEqualTo(ScorerModel.loadDefault(ScorerKind.SPARSE).info().version());
        assertThatThrownBy(() -> load(Map.of("model.scorer", "vae", "model.scorer-bundle", sparse.toString())))
                .isInstanceOf(Settings.ConfigException.class)
                .hasMessageContaining("holds a sparse scorer, model.scorer is vae");
        assertThatThrownBy(() -> load(Map.of("model.scorer", "sparse-ish")))
                .isInstanceOf(Settings.ConfigException.class)
                .hasMessageContaining("vq-vae-2");
    }
}
