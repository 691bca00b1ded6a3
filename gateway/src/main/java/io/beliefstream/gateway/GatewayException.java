package io.beliefstream.gateway;

import java.util.List;

/**
 * A request the gateway refuses, with the HTTP status and the body {@code {"error": message, "details": details}}.
 * The gateway's one failure type: every handler throws or fails with it, and one place turns it into a response.
 */
public final class GatewayException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final transient List<Object> details;

    public GatewayException(int status, String message, List<?> details) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be a 4xx or 5xx code, got " + status);
        }
        this.status = status;
        this.details = List.copyOf(details);
    }

    public GatewayException(int status, String message) {
        this(status, message, List.of());
    }

    public static GatewayException badRequest(String message) {
        return new GatewayException(400, message);
    }

    public static GatewayException notFound(String message) {
        return new GatewayException(404, message);
    }

    public int status() {
        return status;
    }

    /** Items of the {@code details} array: strings, or maps / Vert.x JSON objects for per-record errors. */
    public List<Object> details() {
        return details;
    }
}
