package io.beliefstream.gateway.internal;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The dashboard's static files, read once from the classpath at start-up and served from memory: the page, its script
 * and style, and Chart.js from its WebJar (Maven Central). Nothing comes from a CDN: the page works offline.
 */
public final class Assets {
    private record Asset(Buffer body, String type) {}

    private static final String ROOT = "beliefstream/dashboard/";
    private final Map<String, Asset> assets = new LinkedHashMap<>();

    public Assets() {
        add("/", ROOT + "index.html", "text/html; charset=utf-8");
        add("/dashboard.js", ROOT + "dashboard.js", "text/javascript; charset=utf-8");
        add("/dashboard.css", ROOT + "dashboard.css", "text/css; charset=utf-8");
        String chartJs = webJarVersion("chart.js");
        add("/vendor/chart.umd.min.js", "META-INF/resources/webjars/chart.js/" + chartJs + "/dist/chart.umd.min.js",
                "text/javascript; charset=utf-8");
    }

    /** The paths served. */
    public Iterable<String> paths() {
        return assets.keySet();
    }

    public void serve(RoutingContext ctx) {
        Asset a = assets.get(ctx.request().path());
        if (a == null) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("Content-Type", a.type()).putHeader("Cache-Control", "no-cache").end(a.body());
    }

    private void add(String path, String resource, String type) {
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("dashboard asset " + resource + " is missing from the classpath");
            }
            assets.put(path, new Asset(Buffer.buffer(in.readAllBytes()), type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String webJarVersion(String artifact) {
        String pom = "META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(pom)) {
            if (in == null) {
                throw new IllegalStateException("WebJar org.webjars.npm:" + artifact + " is missing from the classpath");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
