package io.beliefstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beliefstream.models.baseline.LastValueModel;
import io.beliefstream.models.score.ScoreNormaliserConfig;
import io.beliefstream.streams.ModelSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SeasonalSettingTest {

    @Test
    void shouldServeTheDailyProfileByDefaultAndLetTheSettingChangeOrDropIt() {
        ModelSet univariate = ModelSet.of(new LastValueModel(1, new int[] {1}, 0.8));
        assertThat(univariate.normaliser().config().seasonal()).isEqualTo(ScoreNormaliserConfig.Seasonal.daily());
        assertThat(univariate.normaliser().config().shape()).isNull();
        assertThat(univariate.components()).isEqualTo(2);
        Settings defaults = Settings.resolve(Map.of(), Map.of(), Optional.empty());
        assertThat(ModelLoader.withSeasonalPeriod(univariate, defaults.longValue(Settings.MODEL_SEASONAL_PERIOD)))
                .isSameAs(univariate);
        ModelSet weekly = ModelLoader.withSeasonalPeriod(univariate, 7 * 86_400_000L);
        assertThat(weekly.normaliser().config().seasonal().periodMillis()).isEqualTo(7 * 86_400_000L);
        assertThat(weekly.sameNormaliserLayout(univariate)).isFalse();
        ModelSet off = ModelLoader.withSeasonalPeriod(univariate, 0);
        assertThat(off.normaliser().config().seasonal()).isNull();
        assertThat(off.components()).isEqualTo(1);
        // a multivariate forecaster gets no profile (it reads one value per observation)
        ModelSet multivariate = ModelSet.of(new LastValueModel(3, new int[] {1}, 0.8));
        assertThat(multivariate.normaliser().config().seasonal()).isNull();
        assertThat(multivariate.components()).isEqualTo(1);
        assertThatThrownBy(() -> Settings.resolve(Map.of("model.seasonal-period-ms", "-1"), Map.of(), Optional.empty()))
                .hasMessageContaining("model.seasonal-period-ms");
    }

    @Test
    void shouldServeTheShapeMemoryOnlyWhenTheSettingAsksForIt() {
        Settings defaults = Settings.resolve(Map.of(), Map.of(), Optional.empty());
        assertThat(defaults.bool(Settings.MODEL_SHAPE_MEMORY)).isFalse();
        ModelSet univariate = ModelSet.of(new LastValueModel(1, new int[] {1}, 0.8));
        assertThat(univariate.withShapeMemory(false)).isSameAs(univariate);
        ModelSet on = univariate.withShapeMemory(true);
        // surprise, shape novelty, seasonal deviation (the seasonal one stays the last)
        assertThat(on.normaliser().config().shape()).isEqualTo(ScoreNormaliserConfig.Shape.defaults());
        assertThat(on.components()).isEqualTo(3);
        assertThat(on.normaliser().shapeComponent()).isEqualTo(1);
        assertThat(on.normaliser().seasonalComponent()).isEqualTo(2);
        assertThat(on.sameNormaliserLayout(univariate)).isFalse();
        assertThat(on.withShapeMemory(false).components()).isEqualTo(2);
        assertThatThrownBy(() -> ModelSet.of(new LastValueModel(3, new int[] {1}, 0.8)).withShapeMemory(true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model.shape-memory");
    }
}
