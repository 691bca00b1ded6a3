package io.beliefstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LatestPredictionsTest {
    private static byte[] prediction(String stream, long seq) {
        return ("{\"schema\":\"beliefstream.prediction/v1\",\"stream\":\"" + stream + "\",\"timestamp\":" + 1000 * seq
                + ",\"seq\":" + seq + ",\"observation\":[1.0],\"model\":{\"name\":\"m\",\"version\":\"1\"},"
                + "\"interval_level\":0.8,\"forecasts\":[{\"horizon\":1,\"mean\":[1.0],\"lower\":[0.0],"
                + "\"upper\":[2.0]}],\"surprise\":[{\"horizon\":1,\"nll\":0.5}]}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldKeepTheLatestPredictionOfAtMostMaxStreams() {
        LatestPredictions view = new LatestPredictions(2, 10);

        assertThat(view.absorb(prediction("a", 1), 1)).isTrue();
        assertThat(view.absorb(prediction("a", 2), 2)).isTrue();
        assertThat(view.absorb(prediction("b", 1), 3)).isTrue();
        assertThat(view.absorb(prediction("c", 1), 4)).isTrue();
        assertThat(view.absorb("not json".getBytes(StandardCharsets.UTF_8), 5)).isFalse();
        assertThat(view.absorb("c".getBytes(StandardCharsets.UTF_8), prediction("c", 2), null, 6)).isTrue();

        assertThat(view.size()).isEqualTo(2);
    }

    @Test
    void shouldNameTheSettingOfABoundOutOfRange() {
        assertThatThrownBy(() -> new LatestPredictions(0, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gateway.max-streams");
        assertThatThrownBy(() -> new LatestPredictions(1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gateway.points-per-stream");
    }
}
