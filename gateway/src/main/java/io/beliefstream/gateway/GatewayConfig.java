package io.beliefstream.gateway;

/**
 * HTTP settings, validated on construction.
 *
 * @param host address to bind; {@code 127.0.0.1} by default, {@code 0.0.0.0} in a container
 * @param port TCP port; 0 picks a free one
 */
public record GatewayConfig(String host, int port) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    public GatewayConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("http.host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("http.port must be in [0, 65535], got " + port);
        }
    }
}
