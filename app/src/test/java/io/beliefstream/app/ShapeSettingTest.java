package io.beliefstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beliefstream.models.baseline.LastValueModel;
import io.beliefstream.models.score.AnomalyComponent;
import io.beliefstream.models.score.ShapeComponent;
import io.beliefstream.streams.ModelSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShapeSettingTest {

    @Test
    void shouldServeTheShapeComponentOnlyWhenTheSettingAsksForIt() {
        Settings defaults = Settings.resolve(Map.of(), Map.of(), Optional.empty());
        assertThat(defaults.bool(Settings.MODEL_SHAPE_MEMORY)).isFalse();
        ModelSet univariate = ModelSet.of(new LastValueModel(1, new int[] {1}, 0.8));
        assertThat(ModelLoader.withShapeMemory(univariate, false)).isSameAs(univariate);
        ModelSet on = ModelLoader.withShapeMemory(univariate, true);
        // surprise, shape, seasonal: the seasonal component stays the last
        assertThat(on.components()).extracting(AnomalyComponent::name).containsExactly("surprise", "shape",
                "seasonal");
        assertThat(on.components().get(1)).isEqualTo(ShapeComponent.defaults());
        assertThat(on.sameNormaliserLayout(univariate)).isFalse();
        assertThat(ModelLoader.withShapeMemory(on, true)).isSameAs(on);
        // without the seasonal profile it is the last
        ModelSet noProfile = ModelLoader.withShapeMemory(ModelLoader.withSeasonalPeriod(univariate, 0), true);
        assertThat(noProfile.components()).extracting(AnomalyComponent::name).containsExactly("surprise", "shape");
        assertThatThrownBy(() -> ModelLoader.withShapeMemory(ModelSet.of(new LastValueModel(3, new int[] {1}, 0.8)),
                true)).isInstanceOf(Settings.ConfigException.class).hasMessageContaining("model.shape-memory");
        assertThat(Settings.resolve(Map.of("model.shape-memory", "true"), Map.of(), Optional.empty())
                .bool(Settings.MODEL_SHAPE_MEMORY)).isTrue();
    }
}
