package io.beliefstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beliefstream.models.baseline.LastValueModel;
import io.beliefstream.models.score.AnomalyComponent;
import io.beliefstream.models.score.SeasonalComponent;
import io.beliefstream.streams.ModelSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SeasonalSettingTest {

    @Test
    void shouldServeTheDailyProfileByDefaultAndLetTheSettingChangeOrDropIt() {
        ModelSet univariate = ModelSet.of(new LastValueModel(1, new int[] {1}, 0.8));
        assertThat(univariate.normaliser().config().component("seasonal")).isEqualTo(SeasonalComponent.daily());
        assertThat(univariate.components()).extracting(AnomalyComponent::name).containsExactly("surprise", "seasonal");
        Settings defaults = Settings.resolve(Map.of(), Map.of(), Optional.empty());
        assertThat(ModelLoader.withSeasonalPeriod(univariate, defaults.longValue(Settings.MODEL_SEASONAL_PERIOD)))
                .isSameAs(univariate);
        ModelSet weekly = ModelLoader.withSeasonalPeriod(univariate, 7 * 86_400_000L);
        assertThat(((SeasonalComponent) weekly.normaliser().config().component("seasonal")).periodMillis())
                .isEqualTo(7 * 86_400_000L);
        assertThat(weekly.sameNormaliserLayout(univariate)).isFalse();
        ModelSet off = ModelLoader.withSeasonalPeriod(univariate, 0);
        assertThat(off.components()).extracting(AnomalyComponent::name).containsExactly("surprise");
        // a multivariate forecaster gets no profile (it reads one value per observation)
        assertThat(ModelSet.of(new LastValueModel(3, new int[] {1}, 0.8)).normaliser().config().component("seasonal"))
                .isNull();
        assertThatThrownBy(() -> Settings.resolve(Map.of("model.seasonal-period-ms", "-1"), Map.of(), Optional.empty()))
                .hasMessageContaining("model.seasonal-period-ms");
    }
}
