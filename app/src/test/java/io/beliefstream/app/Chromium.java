package io.beliefstream.app;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A headless Chromium (Debian's {@code chromium}) driven over the Chrome DevTools Protocol with the JDK's own HTTP
 * client and WebSocket: navigate, evaluate JavaScript, take screenshots. Every wait is bounded.
 */
final class Chromium implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final List<JsonObject> exceptions = new CopyOnWriteArrayList<>();

    private Chromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    static Chromium start(int width, int height) throws Exception {
        Path profile = Files.createTempDirectory("beliefstream-chromium-");
        Process p = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--mute-audio", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--remote-allow-origins=*",
                "--window-size=" + width + "," + height, "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("chromium did not start its DevTools endpoint; log: "
                            + Files.readString(profile.resolve("chromium.log")));
                }
                Thread.sleep(100);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http = HttpClient.newHttpClient();
            String wsUrl = null;
            while (wsUrl == null && System.nanoTime() < deadline) {
                JsonArray targets = new JsonArray(http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                for (Object t : targets) {
                    JsonObject target = (JsonObject) t;
                    if ("page".equals(target.getString("type"))) {
                        wsUrl = target.getString("webSocketDebuggerUrl");
                    }
                }
                if (wsUrl == null) {
                    Thread.sleep(100);
                }
            }
            if (wsUrl == null) {
                throw new IllegalStateException("chromium shows no page target");
            }
            Listener listener = new Listener();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(wsUrl), listener)
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            Chromium c = new Chromium(p, profile, ws);
            listener.owner = c;
            c.call("Runtime.enable", new JsonObject());
            c.call("Emulation.setDeviceMetricsOverride", new JsonObject().put("width", width).put("height", height)
                    .put("deviceScaleFactor", 1).put("mobile", false));
            return c;
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder buffer = new StringBuilder();
        volatile Chromium owner;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                JsonObject msg = new JsonObject(buffer.toString());
                buffer.setLength(0);
                Chromium c = owner;
                if (c != null) {
                    c.receive(msg);
                }
            }
            ws.request(1);
            return null;
        }
    }

    private void receive(JsonObject msg) {
        Integer id = msg.getInteger("id");
        if (id != null) {
            CompletableFuture<JsonObject> f = pending.remove(id);
            if (f != null) {
                f.complete(msg);
            }
        } else if ("Runtime.exceptionThrown".equals(msg.getString("method"))) {
            exceptions.add(msg.getJsonObject("params"));
        }
    }

    /** Sends one DevTools command and waits for its result. */
    JsonObject call(String method, JsonObject params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonObject> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText(new JsonObject().put("id", id).put("method", method).put("params", params).encode(), true)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        JsonObject reply = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (reply.containsKey("error")) {
            throw new IllegalStateException(method + " failed: " + reply.getJsonObject("error").encode());
        }
        return reply.getJsonObject("result");
    }

    void navigate(String url) throws Exception {
        call("Page.navigate", new JsonObject().put("url", url));
    }

    /** Evaluates {@code expression} in the page and returns its value as JSON text (null when undefined). */
    String evaluate(String expression) throws Exception {
        JsonObject r = call("Runtime.evaluate", new JsonObject().put("expression", expression)
                .put("returnByValue", true));
        JsonObject result = r.getJsonObject("result");
        Object v = result == null ? null : result.getValue("value");
        return v == null ? null : v.toString();
    }

    void screenshot(Path file) throws Exception {
        JsonObject r = call("Page.captureScreenshot", new JsonObject().put("format", "png"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(r.getString("data")));
    }

    /** Uncaught exceptions the page threw so far. */
    List<JsonObject> exceptions() {
        return new ArrayList<>(exceptions);
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory
        }
    }
}
