package io.beliefstream.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.beliefstream.streams.PredictionSummary;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PredictionDigestTest {

    /** The example of docs/schemas.md, with an unknown nested field and the first surprise present. */
    private static final String FULL = """
            {"schema":"beliefstream.prediction/v1","stream":"boiler-7","timestamp":1706726340000,"seq":400,
             "observation":[22.94773, -1.5],
             "future_field":{"nested":[1,{"deep":[2,3]}],"x":"y"},
             "model":{"name":"td-vae","version":"3272aeb8","scorer":{"name":"vq-vae","version":"vq-vae-27ddfba5"}},
             "interval_level":0.8,
             "forecasts":[
               {"horizon":1,"mean":[22.227842,0],"lower":[21.199394,0],"upper":[23.25629,0]},
               {"horizon":5,"extra":{"a":[1]},"mean":[22.203566],"lower":[20.99805],"upper":[23.40908]},
               {"horizon":20,"mean":[22.182964],"lower":[null],"upper":[23.540726]}],
             "surprise":[{"horizon":1,"nll":1.1514729},{"horizon":5,"nll":1.2288651},{"horizon":20,"nll":null}],
             "anomaly":{"score":0.1999182,"threshold":0.99,"flag":false,
                        "components":{"surprise":0.44712213,"reconstruction":0.11349928},
                        "raw":{"surprise_nll":1.1514729,"reconstruction_error":0.066869564}},
             "vq":{"code":101,"reconstruction_error":0.066869564,"reconstruction":23.057228},
             "source":{"partition":2,"offset":1399}}
            """;

    private static PredictionDigest parse(String json) {
        return PredictionDigest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadEveryFieldTheViewUsesAndSkipTheRest() {
        PredictionDigest d = parse(FULL);
        assertThat(d).isNotNull();
        assertThat(d.stream).isEqualTo("boiler-7");
        assertThat(d.timestamp).isEqualTo(1706726340000L);
        assertThat(d.seq).isEqualTo(400);
        assertThat(d.observation).containsExactly(22.94773f, -1.5f);
        assertThat(d.model).isEqualTo("td-vae");
        assertThat(d.horizons).containsExactly(1, 5, 20);
        assertThat(d.forecasts).hasSize(9);
        assertThat(d.forecasts[0]).isEqualTo(22.227842f);
        assertThat(d.forecasts[4]).isEqualTo(20.99805f);
        assertThat(d.forecasts[6]).isEqualTo(22.182964f);
        assertThat(d.forecasts[7]).as("null bound").isNaN();
        assertThat(d.forecasts[8]).isEqualTo(23.540726f);
        assertThat(d.surprise).as("first horizon's nll").isEqualTo(1.1514729f);
        assertThat(d.hasAnomaly).isTrue();
        assertThat(d.score).isEqualTo(0.1999182f);
        assertThat(d.threshold).isEqualTo(0.99);
        assertThat(d.hasVq).isTrue();
        assertThat(d.code).isEqualTo(101);
    }

    @Test
    void shouldLeaveAbsentSectionsEmpty() {
        PredictionDigest d = parse("""
                {"stream":"s","timestamp":5,"forecasts":[],"surprise":[null],"vq":{"code":null}}""");
        assertThat(d).isNotNull();
        assertThat(d.hasSeq).isFalse();
        assertThat(d.observation).isNull();
        assertThat(d.horizons).isEmpty();
        assertThat(d.surprise).isNaN();
        assertThat(d.hasAnomaly).isFalse();
        assertThat(d.score).isNaN();
        assertThat(d.hasVq).isTrue();
        assertThat(d.code).isEqualTo(-1);
        assertThat(d.model).isNull();
    }

    @Test
    void shouldGrowPastFourHorizons() {
        StringBuilder json = new StringBuilder("{\"stream\":\"s\",\"timestamp\":1,\"forecasts\":[");
        for (int h = 1; h <= 9; h++) {
            json.append(h > 1 ? "," : "").append("{\"horizon\":").append(h).append(",\"mean\":[").append(h * 10)
                    .append("]}");
        }
        PredictionDigest d = parse(json.append("]}").toString());
        assertThat(d.horizons).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(d.forecasts[3 * 8]).isEqualTo(90f);
        assertThat(d.forecasts[3 * 8 + 1]).isNaN();
    }

    @Test
    void shouldRefuseWhatIsNotAUsablePrediction() {
        assertThat(PredictionDigest.parse(null)).isNull();
        assertThat(parse("not json")).isNull();
        assertThat(parse("[1,2]")).isNull();
        assertThat(parse("{\"stream\":\"s\",\"timestamp\":1")).as("truncated").isNull();
        assertThat(parse("{\"timestamp\":1}")).as("no stream").isNull();
        assertThat(parse("{\"stream\":\"\",\"timestamp\":1}")).as("empty stream").isNull();
        assertThat(parse("{\"stream\":7,\"timestamp\":1}")).as("stream not a string").isNull();
        assertThat(parse("{\"stream\":\"s\",\"timestamp\":\"yesterday\"}")).as("timestamp not a number").isNull();
        assertThat(parse("{\"stream\":\"s\"}")).as("no timestamp").isNull();
    }

    /** {@link #FULL}'s values as the engine's binary summary of it would hold them. */
    private static PredictionSummary fullSummary() {
        return new PredictionSummary(1706726340000L, 400, new float[] {22.94773f, -1.5f}, new int[] {1, 5, 20},
                new float[] {22.227842f, 21.199394f, 23.25629f, 22.203566f, 20.99805f, 23.40908f, 22.182964f,
                    Float.NaN, 23.540726f},
                true, 0.1999182f, 0.99, 1.1514729f, true, 101, "td-vae");
    }

    private static final byte[] KEY = "boiler-7".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldDigestTheSummaryHeaderToWhatTheJsonGives() {
        PredictionDigest fromJson = parse(FULL);
        PredictionDigest fromSummary = PredictionDigest.fromSummary(KEY, fullSummary().encode());
        assertThat(fromSummary).isNotNull();
        assertThat(fromSummary.fromSummary).isTrue();
        assertThat(fromJson.fromSummary).isFalse();
        assertSameDigest(fromSummary, fromJson);
        assertSameDigest(PredictionDigest.of(KEY, "not json".getBytes(StandardCharsets.UTF_8),
                fullSummary().encode()), fromJson); // the summary is used when present
    }

    @Test
    void shouldFallBackToTheJsonWithoutAReadableSummaryOrKey() {
        byte[] json = FULL.getBytes(StandardCharsets.UTF_8);
        byte[] summary = fullSummary().encode();
        byte[] truncated = java.util.Arrays.copyOf(summary, summary.length - 3);
        byte[] otherVersion = summary.clone();
        otherVersion[0] = 9;
        PredictionDigest fromJson = parse(FULL);
        for (byte[][] keyAndSummary : new byte[][][] {{KEY, null}, {KEY, truncated}, {KEY, otherVersion},
            {null, summary}, {new byte[0], summary}}) {
            assertThat(PredictionDigest.fromSummary(keyAndSummary[0], keyAndSummary[1])).isNull();
            assertSameDigest(PredictionDigest.of(keyAndSummary[0], json, keyAndSummary[1]), fromJson);
        }
        assertThat(PredictionDigest.of(KEY, "not json".getBytes(StandardCharsets.UTF_8), truncated)).isNull();
    }

    /** Field by field, with NaN equal to NaN (and -0.0 apart from 0.0), as {@link Float#compare} orders them. */
    private static void assertSameDigest(PredictionDigest actual, PredictionDigest expected) {
        assertThat(actual).isNotNull();
        assertThat(actual).usingRecursiveComparison().ignoringFields("fromSummary")
                .withComparatorForType(Float::compare, Float.class)
                .withComparatorForType(Double::compare, Double.class).isEqualTo(expected);
    }
}
