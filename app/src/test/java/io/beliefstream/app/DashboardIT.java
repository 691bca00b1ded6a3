package io.beliefstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real browser: the service with an embedded broker and the demo feed, headless Chromium opens
 * {@code /}, waits for live data, checks that the charts hold data points (the page reports what it drew in
 * {@code window.__beliefstream}), and saves a screenshot to {@code target/dashboard.png}.
 */
@Tag("integration")
class DashboardIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void shouldShowLiveStreamsForecastsScoresAndServiceStatsInTheBrowser() throws Exception {
        assertThat(Files.isExecutable(Chromium.BINARY))
                .as("Debian's chromium is needed for this test: apt-get install chromium (./run-tests does it as root)")
                .isTrue();
        Settings settings = Settings.resolve(Map.of("http.port", "0", "gateway.push-interval-ms", "250"), Map.of(),
                Optional.empty());
        try (ServiceRuntime runtime = ServiceRuntime.start(settings)) {
            DemoFeed feed = new DemoFeed(runtime.bootstrap, runtime.engineConfig.topics().observations(), 4, 100, 42);
            Thread feedThread = new Thread(feed, "dashboard-it-feed");
            feedThread.start();
            try (Chromium browser = Chromium.start(1440, 1000)) {
                browser.navigate("http://127.0.0.1:" + runtime.http.port() + "/");
                JsonObject status = null;
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (System.nanoTime() < deadline) {
                    String raw = browser.evaluate("JSON.stringify(window.__beliefstream || null)");
                    status = raw == null || raw.equals("null") ? null : new JsonObject(raw);
                    // enough points for a readable screenshot: a few seconds of the selected stream
                    if (status != null && status.getBoolean("ready", false)
                            && status.getJsonObject("charts").getInteger("series") >= 60
                            && status.getInteger("streams") >= 5 && status.getJsonObject("charts").getInteger("throughput") >= 3) {
                        break;
                    }
                    Thread.sleep(250);
                }
                browser.screenshot(Path.of("target", "dashboard.png"));
                assertThat(status).as("window.__beliefstream").isNotNull();
                assertThat(status.getBoolean("connected")).isTrue();
                assertThat(status.getInteger("snapshots")).isPositive();
                assertThat(status.getInteger("streams")).as("taxi + 4 oscillators").isEqualTo(5);
                assertThat(status.getString("selected")).isNotBlank();
                JsonObject charts = status.getJsonObject("charts");
                assertThat(charts.getInteger("series")).as("observed points drawn").isPositive();
                assertThat(charts.getInteger("forecast")).as("forecast band points drawn").isPositive();
                assertThat(charts.getInteger("score")).as("score (or raw surprise) points drawn").isPositive();
                assertThat(charts.getInteger("throughput")).as("throughput points drawn").isPositive();
                assertThat(status.getJsonObject("service").getDouble("observations_per_s"))
                        .as("the service panel shows the demo feed's throughput").isPositive();
                assertThat(status.getString("scoreSource")).as("the last-value model has no calibrated score")
                        .isEqualTo("surprise");
                assertThat(status.getJsonArray("errors")).isEmpty();
                assertThat(browser.exceptions()).as("uncaught page exceptions").isEmpty();
                String rows = browser.evaluate("document.querySelectorAll('#streamRows tr').length");
                assertThat(Integer.parseInt(rows)).isEqualTo(5);
                String canvases = browser.evaluate("Chart.instances ? Object.keys(Chart.instances).length : 0");
                assertThat(Integer.parseInt(canvases)).isEqualTo(4);
            } finally {
                feed.stop();
                feedThread.join(10_000);
                feed.close();
            }
        }
        assertThat(Path.of("target", "dashboard.png")).isNotEmptyFile();
    }
}
