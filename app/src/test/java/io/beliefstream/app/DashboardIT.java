package io.beliefstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.beliefstream.streams.testing.KafkaTestClient;
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
    /** Predictions with anomaly and VQ sections written for the second stream: within gateway.points-per-stream. */
    private static final int SCORED = 110;

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
                            && status.getInteger("streams") >= 5 && status.getJsonObject("charts").getInteger("throughput") >= 3
                            // calibrated scores begin after the normaliser's 100-observation warm-up
                            && "anomaly.score".equals(status.getString("scoreSource"))) {
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
                assertThat(status.getString("scoreSource")).as("the TD-VAE + VQ-VAE service publishes calibrated scores")
                        .isEqualTo("anomaly.score");
                assertThat(charts.getInteger("code")).as("VQ codes of the live stream drawn").isPositive();
                assertThat(status.getJsonArray("errors")).isEmpty();
                assertThat(browser.exceptions()).as("uncaught page exceptions").isEmpty();
                String rows = browser.evaluate("document.querySelectorAll('#streamRows tr').length");
                assertThat(Integer.parseInt(rows)).isEqualTo(5);
                String canvases = browser.evaluate("Chart.instances ? Object.keys(Chart.instances).length : 0");
                assertThat(Integer.parseInt(canvases)).isEqualTo(4);

                // the sections the TD-VAE / VQ-VAE models will add: written straight to the predictions topic here
                String scored = "scored-demo";
                try (KafkaTestClient kafka = new KafkaTestClient(runtime.bootstrap)) {
                    for (int i = 1; i <= SCORED; i++) {
                        kafka.send(runtime.engineConfig.topics().predictions(), scored, scoredPrediction(scored, i));
                    }
                }
                JsonObject scoredStatus = null;
                deadline = System.nanoTime() + WAIT.toNanos();
                while (System.nanoTime() < deadline) {
                    browser.evaluate("(() => { const r = document.querySelector('#streamRows tr[data-stream=\"" + scored
                            + "\"]'); if (r && window.__beliefstream.selected !== '" + scored + "') r.click(); })()");
                    scoredStatus = new JsonObject(browser.evaluate("JSON.stringify(window.__beliefstream)"));
                    if (scored.equals(scoredStatus.getString("selected"))
                            && scoredStatus.getJsonObject("charts").getInteger("code") >= SCORED
                            && scoredStatus.getJsonObject("charts").getInteger("score") >= SCORED) {
                        break;
                    }
                    Thread.sleep(250);
                }
                browser.screenshot(Path.of("target", "dashboard-scored.png"));
                assertThat(scoredStatus.getString("selected")).isEqualTo(scored);
                assertThat(scoredStatus.getString("scoreSource")).isEqualTo("anomaly.score");
                assertThat(scoredStatus.getJsonObject("charts").getInteger("score")).isEqualTo(SCORED);
                assertThat(scoredStatus.getJsonObject("charts").getInteger("code")).isEqualTo(SCORED);
                String order = browser.evaluate("JSON.stringify([...document.querySelectorAll('#streamRows tr')]"
                        + ".map(r => r.dataset.score === '' ? -1 : Number(r.dataset.score)))");
                io.vertx.core.json.JsonArray scores = new io.vertx.core.json.JsonArray(order);
                for (int i = 1; i < scores.size(); i++) {
                    assertThat(scores.getDouble(i)).as("the list is sorted by anomaly score: %s", order)
                            .isLessThanOrEqualTo(scores.getDouble(i - 1));
                }
                assertThat(browser.evaluate("document.querySelectorAll('#streamRows tr[data-stream=\"" + scored
                        + "\"]').length")).isEqualTo("1");
                assertThat(browser.exceptions()).as("uncaught page exceptions").isEmpty();
            } finally {
                feed.stop();
                feedThread.join(10_000);
                feed.close();
            }
        }
        assertThat(Path.of("target", "dashboard.png")).isNotEmptyFile();
    }

    @Test
    void shouldAskForATokenWhenAuthIsOnAndGoLiveWithAReadToken() throws Exception {
        assertThat(Files.isExecutable(Chromium.BINARY)).as("Debian's chromium").isTrue();
        Settings settings = Settings.resolve(Map.of("http.port", "0", "gateway.push-interval-ms", "250",
                "gateway.tokens", "dash-writer-1:read,write;dash-viewer-1:read"), Map.of(), Optional.empty());
        try (ServiceRuntime runtime = ServiceRuntime.start(settings)) {
            DemoFeed feed = new DemoFeed(runtime.bootstrap, runtime.engineConfig.topics().observations(), 1, 40, 7);
            Thread feedThread = new Thread(feed, "dashboard-it-feed");
            feedThread.start();
            String base = "http://127.0.0.1:" + runtime.http.port() + "/";
            try (Chromium browser = Chromium.start(1200, 800)) {
                browser.navigate(base);
                String state = null;
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (System.nanoTime() < deadline && !"token needed".equals(state)) {
                    state = browser.evaluate("document.getElementById('conn').textContent");
                    Thread.sleep(200);
                }
                assertThat(state).isEqualTo("token needed");
                assertThat(browser.evaluate("document.getElementById('tokenDialog').open")).isEqualTo("true");
                assertThat(browser.evaluate("window.__beliefstream.snapshots")).isEqualTo("0");

                browser.navigate("about:blank");
                browser.navigate(base + "#token=dash-viewer-1");
                JsonObject status = null;
                deadline = System.nanoTime() + WAIT.toNanos();
                while (System.nanoTime() < deadline) {
                    String raw = browser.evaluate("JSON.stringify(window.__beliefstream || null)");
                    status = raw == null || raw.equals("null") ? null : new JsonObject(raw);
                    if (status != null && status.getBoolean("ready", false)) {
                        break;
                    }
                    Thread.sleep(250);
                }
                assertThat(status).isNotNull();
                assertThat(status.getBoolean("connected")).isTrue();
                assertThat(status.getBoolean("ready")).as("charts filled through the token-protected feeds").isTrue();
                assertThat(status.getInteger("streams")).isEqualTo(2);
                assertThat(browser.exceptions()).isEmpty();
            } finally {
                feed.stop();
                feedThread.join(10_000);
                feed.close();
            }
        }
    }

    @Test
    void shouldShowTheDimensionsAMultivariateAnomalyComesFrom() throws Exception {
        assertThat(Files.isExecutable(Chromium.BINARY)).as("Debian's chromium").isTrue();
        Settings settings = Settings.resolve(Map.of("http.port", "0", "gateway.push-interval-ms", "250"), Map.of(),
                Optional.empty());
        try (ServiceRuntime runtime = ServiceRuntime.start(settings);
                MultivariateDemoEngine machines = MultivariateDemoEngine.start(runtime, settings)) {
            // the taxi and the machine, 100 rounds a second: the machine's first latency incident at step 350
            DemoFeed feed = new DemoFeed(runtime.bootstrap, runtime.engineConfig.topics().observations(), 0, 100, 42)
                    .withMachine(machines.topics.observations());
            Thread feedThread = new Thread(feed, "dashboard-it-machine-feed");
            feedThread.start();
            try (Chromium browser = Chromium.start(1440, 1000)) {
                browser.navigate("http://127.0.0.1:" + runtime.http.port() + "/");
                String machine = DemoFeed.Machine.STREAM;
                JsonObject status = null;
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (System.nanoTime() < deadline) {
                    browser.evaluate("(() => { const r = document.querySelector('#streamRows tr[data-stream=\"" + machine
                            + "\"]'); if (r && window.__beliefstream.selected !== '" + machine + "') r.click(); })()");
                    String raw = browser.evaluate("JSON.stringify(window.__beliefstream || null)");
                    status = raw == null || raw.equals("null") ? null : new JsonObject(raw);
                    if (status != null && machine.equals(status.getString("selected"))
                            && duringIncident(status) != null) {
                        break;
                    }
                    Thread.sleep(250);
                }
                browser.screenshot(Path.of("target", "dashboard-multivariate.png"));
                assertThat(status).isNotNull();
                assertThat(status.getString("selected")).isEqualTo(machine);
                JsonObject flagged = duringIncident(status);
                assertThat(flagged).as("a flagged prediction of the machine during a latency incident was shown with "
                        + "its dimensions: %s", status.getValue("flagged")).isNotNull();
                assertThat(flagged.getInteger("dim")).as("the latency incident is named: values[2]").isEqualTo(2);
                assertThat(browser.evaluate("document.querySelector('#facts') ? document.querySelector('#facts')"
                        + ".textContent : ''")).contains("values[");
                assertThat(browser.exceptions()).as("uncaught page exceptions").isEmpty();
            } finally {
                feed.stop();
                feedThread.join(10_000);
                feed.close();
            }
        }
    }

    /** The first flagged prediction of the machine shown during an incident or the 5 steps after it, or null. */
    private static JsonObject duringIncident(JsonObject status) {
        io.vertx.core.json.JsonArray flagged = status.getJsonArray("flagged");
        for (int i = 0; flagged != null && i < flagged.size(); i++) {
            JsonObject f = flagged.getJsonObject(i);
            long step = f.getLong("seq") - 1;
            for (int k = 0; k <= 5; k++) {
                if (DemoFeed.Machine.STREAM.equals(f.getString("stream")) && DemoFeed.Machine.incident(step - k)) {
                    return f;
                }
            }
        }
        return null;
    }

    /**
     * A prediction with the sections the anomaly and VQ-VAE work will add (docs/schemas.md, issue #7): a sine series,
     * a score that spikes at points 80 to 84, and a VQ code that steps every 10 points.
     */
    static String scoredPrediction(String stream, int seq) {
        double x = Math.sin(seq * 2 * Math.PI / 40) + (seq >= 80 && seq < 85 ? 2.5 : 0);
        double score = seq >= 80 && seq < 85 ? 0.99 : 0.2 + 0.1 * Math.sin(seq / 7.0);
        JsonObject p = new JsonObject().put("schema", "beliefstream.prediction/v1").put("stream", stream)
                .put("timestamp", 1_704_067_200_000L + seq * 1000L).put("seq", seq)
                .put("observation", new io.vertx.core.json.JsonArray().add(x))
                .put("model", new JsonObject().put("name", "td-vae").put("version", "test"))
                .put("interval_level", 0.9);
        io.vertx.core.json.JsonArray forecasts = new io.vertx.core.json.JsonArray();
        for (int h : new int[] {1, 5, 20}) {
            double m = Math.sin((seq + h) * 2 * Math.PI / 40);
            double w = 0.15 * Math.sqrt(h);
            forecasts.add(new JsonObject().put("horizon", h).put("mean", new io.vertx.core.json.JsonArray().add(m))
                    .put("lower", new io.vertx.core.json.JsonArray().add(m - w))
                    .put("upper", new io.vertx.core.json.JsonArray().add(m + w)));
        }
        p.put("forecasts", forecasts).put("surprise", new io.vertx.core.json.JsonArray()
                .add(new JsonObject().put("horizon", 1).put("nll", score * 5)));
        p.put("anomaly", new JsonObject().put("score", score).put("threshold", 0.95)
                .put("components", new JsonObject().put("surprise", score).put("reconstruction", score / 2))
                .put("raw", new JsonObject().put("surprise_nll", score * 5).put("reconstruction_error", score)));
        p.put("vq", new JsonObject().put("code", (seq / 10) % 4).put("reconstruction_error", score / 3));
        return p.encode();
    }
}
