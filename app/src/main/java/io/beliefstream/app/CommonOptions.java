package io.beliefstream.app;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every service command takes; they feed {@link Settings}. */
final class CommonOptions {
    @Option(names = "--kafka", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers of an external cluster (same as kafka.bootstrap / "
                    + "BELIEFSTREAM_KAFKA_BOOTSTRAP). Without it an embedded broker starts on 127.0.0.1.")
    String kafka;

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port (http.port); 0 picks a free one.")
    Integer httpPort;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file of configuration keys.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Sets any configuration key (repeatable).")
    Map<String, String> set = new LinkedHashMap<>();

    Settings settings() {
        Map<String, String> flags = new LinkedHashMap<>(set);
        if (kafka != null) {
            flags.put(Settings.KAFKA_BOOTSTRAP.name(), kafka);
        }
        if (httpPort != null) {
            flags.put(Settings.HTTP_PORT.name(), String.valueOf(httpPort));
        }
        return Settings.resolve(flags, System.getenv(), Optional.ofNullable(config));
    }
}
