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
        assertThat(ModelSet.of(new LastValueModel(3, new int[] {1}, 0.8)).normaliser().config().seasonal()).isNull();
        assertThatThrownBy(() -> Settings.resolve(Map.of("model.seasonal-period-ms", "-1"), Map.of(), Optional.empty()))
                .hasMessageContaining("model.seasonal-period-ms");
    }
}
