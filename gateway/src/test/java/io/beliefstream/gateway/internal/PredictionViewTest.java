package io.beliefstream.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class PredictionViewTest {

    static JsonObject prediction(String stream, long seq, double x, Double score, Integer code) {
        JsonObject p = new JsonObject().put("schema", "beliefstream.prediction/v1").put("stream", stream)
                .put("timestamp", 1_000L * seq).put("seq", seq).put("observation", new JsonArray().add(x))
                .put("model", new JsonObject().put("name", "m").put("version", "1")).put("interval_level", 0.8)
                .put("forecasts", new JsonArray()
                        .add(new JsonObject().put("horizon", 1).put("mean", new JsonArray().add(x))
                                .put("lower", new JsonArray().add(x - 1)).put("upper", new JsonArray().add(x + 1)))
                        .add(new JsonObject().put("horizon", 5).put("mean", new JsonArray().add(x))
                                .put("lower", new JsonArray().add(x - 3)).put("upper", new JsonArray().add(x + 3))))
                .put("surprise", new JsonArray().add(new JsonObject().put("horizon", 1).put("nll", x / 10)));
        if (score != null) {
            p.put("anomaly", new JsonObject().put("score", score).put("threshold", 0.95));
        }
        if (code != null) {
            p.put("vq", new JsonObject().put("code", code).put("reconstruction_error", 0.1));
        }
        return p;
    }

    @Test
    void shouldEvictTheLeastRecentlyUpdatedStreamBeyondTheCap() {
        PredictionView view = new PredictionView(3, 10);
        view.apply(prediction("a", 1, 1, null, null), 0);
        view.apply(prediction("b", 1, 1, null, null), 0);
        view.apply(prediction("c", 1, 1, null, null), 0);
        view.apply(prediction("a", 2, 1, null, null), 0); // a is fresh again: b is now the oldest
        view.apply(prediction("d", 1, 1, null, null), 0);
        assertThat(view.size()).isEqualTo(3);
        assertThat(view.evicted()).isEqualTo(1);
        assertThat(view.latest("b")).isEmpty();
        assertThat(view.latest("a")).isPresent();
        assertThat(view.latest("a").get().getLong("seq")).isEqualTo(2);
    }

    @Test
    void shouldSortByScoreWithUnscoredStreamsLastByRawSurprise() {
        PredictionView view = new PredictionView(10, 10);
        view.apply(prediction("low", 1, 1, 0.1, null), 0);
        view.apply(prediction("high", 1, 1, 0.99, 7), 0);
        view.apply(prediction("none-big-surprise", 1, 50, null, null), 0);
        view.apply(prediction("none-small-surprise", 1, 2, null, null), 0);
        PredictionView.Page page = view.page(PredictionView.Sort.SCORE, 0, 10);
        assertThat(page.items()).extracting(o -> o.getString("stream"))
                .containsExactly("high", "low", "none-big-surprise", "none-small-surprise");
        assertThat(page.items().get(0).getInteger("vq_code")).isEqualTo(7);
        assertThat(page.items().get(0).getDouble("threshold")).isEqualTo(0.95);
        assertThat(view.page(PredictionView.Sort.ID, 1, 2).items()).extracting(o -> o.getString("stream"))
                .containsExactly("low", "none-big-surprise");
        assertThat(view.page(PredictionView.Sort.RECENT, 0, 1).items().get(0).getString("stream"))
                .isEqualTo("none-small-surprise");
        assertThat(view.page(PredictionView.Sort.SCORE, 10, 5).items()).isEmpty();
        assertThat(view.topScores(3)).containsExactly(0.99, 0.1, Double.NaN);
        assertThat(view.aboveThreshold()).as("0.99 >= 0.95").isEqualTo(1);
    }

    @Test
    void shouldKeepABoundedRingOfChartPointsOldestFirst() {
        PredictionView view = new PredictionView(10, 4);
        for (int i = 1; i <= 6; i++) {
            JsonObject point = view.apply(prediction("s", i, i * 10, i % 2 == 0 ? 0.5 : null, i), 0).orElseThrow();
            assertThat(point.getLong("seq")).isEqualTo(i);
        }
        JsonArray history = view.history("s").orElseThrow();
        assertThat(history).hasSize(4);
        assertThat(history.stream().map(o -> ((JsonObject) o).getLong("seq"))).containsExactly(3L, 4L, 5L, 6L);
        JsonObject last = history.getJsonObject(3);
        assertThat(last.getDouble("x")).isEqualTo(60.0);
        assertThat(last.getDouble("score")).isEqualTo(0.5);
        assertThat(history.getJsonObject(2).getValue("score")).isNull();
        assertThat(last.getInteger("code")).isEqualTo(6);
        JsonArray f5 = last.getJsonArray("f").getJsonArray(1);
        assertThat(f5.getInteger(0)).isEqualTo(5);
        assertThat(f5.getFloat(1)).isEqualTo(60.0f);
        assertThat(f5.getFloat(2)).isEqualTo(57.0f);
        assertThat(f5.getFloat(3)).isEqualTo(63.0f);
    }

    @Test
    void shouldSkipMessagesThatAreNotPredictionsAndRestartTheRingWhenHorizonsChange() {
        PredictionView view = new PredictionView(10, 4);
        assertThat(view.apply(new JsonObject().put("timestamp", 1), 0)).isEmpty();
        assertThat(view.apply(new JsonObject().put("stream", "x"), 0)).isEmpty();
        assertThat(view.refused()).isEqualTo(2);
        view.apply(prediction("s", 1, 1, null, null), 0);
        view.apply(prediction("s", 2, 1, null, null), 0);
        JsonObject swapped = prediction("s", 3, 1, null, null);
        swapped.getJsonArray("forecasts").remove(1);
        view.apply(swapped, 0);
        assertThat(view.history("s").orElseThrow()).hasSize(1);
    }

    @Test
    void shouldPageExactlyLikeAFullSortWhateverTheOffset() {
        java.util.Random random = new java.util.Random(11);
        PredictionView view = new PredictionView(1000, 2);
        java.util.Map<String, Double> scores = new java.util.HashMap<>();
        for (int i = 0; i < 400; i++) {
            String id = "s" + i;
            Double score = random.nextInt(5) == 0 ? null : Math.round(random.nextDouble() * 20) / 20.0; // ties too
            view.apply(prediction(id, 1, random.nextDouble() * 100, score, null), 0);
            scores.put(id, score);
        }
        java.util.List<String> full = new java.util.ArrayList<>();
        for (JsonObject o : view.page(PredictionView.Sort.SCORE, 0, 400).items()) {
            full.add(o.getString("stream"));
        }
        for (int k = 1; k < full.size(); k++) {
            Double before = scores.get(full.get(k - 1));
            Double after = scores.get(full.get(k));
            assertThat(before == null ? -1 : before).isGreaterThanOrEqualTo(after == null ? -1 : after);
        }
        for (int[] window : new int[][] {{0, 10}, {0, 50}, {37, 20}, {150, 60}, {390, 50}}) {
            java.util.List<String> page = view.page(PredictionView.Sort.SCORE, window[0], window[1]).items().stream()
                    .map(o -> o.getString("stream")).toList();
            assertThat(page).as("offset %d limit %d", window[0], window[1])
                    .isEqualTo(full.subList(window[0], Math.min(full.size(), window[0] + window[1])));
        }
        assertThat(view.page(PredictionView.Sort.ID, 0, 3).items()).extracting(o -> o.getString("stream"))
                .containsExactly("s0", "s1", "s10");
    }

    @Test
    void shouldAbsorbRawMessagesLikeTrees() {
        PredictionView view = new PredictionView(10, 4);
        JsonObject p = prediction("s", 1, 42, 0.97, 3);
        assertThat(view.absorb(p.toBuffer().getBytes(), 7)).isTrue();
        assertThat(view.absorb("{oops".getBytes(java.nio.charset.StandardCharsets.UTF_8), 8)).isFalse();
        assertThat(view.refused()).isEqualTo(1);
        assertThat(view.latest("s").orElseThrow()).isEqualTo(p.copy().put("received_at", 7L));
        JsonObject summary = view.page(PredictionView.Sort.ID, 0, 1).items().get(0);
        assertThat(summary.getFloat("score")).isEqualTo(0.97f);
        assertThat(summary.getFloat("surprise")).isEqualTo(4.2f);
        assertThat(summary.getJsonArray("observation").getFloat(0)).isEqualTo(42f);
        assertThat(summary.getInteger("vq_code")).isEqualTo(3);
        assertThat(summary.getString("model")).isEqualTo("m");
        assertThat(view.history("s").orElseThrow().getJsonObject(0).getFloat("x")).isEqualTo(42f);
    }
}
