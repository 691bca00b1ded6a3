package io.beliefstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end: embedded broker, service (and the second engine of the multivariate stream), feed, watcher,
 * summary; as `beliefstream demo` runs it.
 */
@Tag("integration")
class DemoIT {

    @Test
    void shouldPublishPredictionsAndDeadLetterEveryMalformedRecord(@TempDir Path dir) throws Exception {
        Path summary = dir.resolve("s.json");
        int code = Main.run("demo", "--duration", "8", "--summary-json", summary.toString(), "--http-port", "0",
                "--rate", "200", "--status-every", "4");
        assertThat(code).isZero();
        JsonNode s = new ObjectMapper().readTree(summary.toFile());
        assertThat(s.get("predictions_out").asLong()).isPositive();
        assertThat(s.get("predictions_out").asLong()).isEqualTo(s.get("observations_sent").asLong());
        assertThat(s.get("observations_in").asLong()).isEqualTo(s.get("observations_sent").asLong());
        assertThat(s.get("malformed_sent").asLong()).isEqualTo(DemoFeed.malformedRecords().size());
        assertThat(s.get("dead_letters").asLong()).isEqualTo(s.get("malformed_sent").asLong());
        assertThat(s.get("dead_letters_by_reason").size()).isEqualTo(6);
        assertThat(s.get("streams").asInt()).as("taxi, 4 oscillators and the multivariate machine").isEqualTo(6);
        assertThat(s.get("multivariate_dimensions").asInt()).isEqualTo(DemoFeed.Machine.DIMS);
    }
}
