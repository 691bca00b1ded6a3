package io.beliefstream.gateway.internal;

import io.beliefstream.gateway.GatewayException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns failures into HTTP responses: status code and the body
 * {@code {"error": "...", "details": [...]}}. {@link GatewayException} carries its own status; Vert.x's own failures
 * (no route 404, wrong method 405, body too large 413, a handler's {@code ctx.fail(4xx, cause)}) keep theirs, logged at
 * DEBUG at most (a client's mistake must not let it fill the logs); anything else is a 500 whose cause is logged, not
 * sent. Requests that are not even HTTP (bad request line, oversized headers) get the same body from
 * {@link #invalidRequest}.
 */
public final class Errors {
    private static final Logger LOG = LoggerFactory.getLogger(Errors.class);
    private static final Map<Integer, String> MESSAGES = Map.of(
            400, "bad request",
            401, "authentication required: send Authorization: Bearer <token>",
            403, "this token may not do that",
            404, "no such resource",
            405, "method not allowed on this resource",
            413, "request body too large",
            414, "request line too long",
            415, "unsupported media type",
            500, "internal error",
            503, "service unavailable");

    private Errors() {}

    /** Failure and error handler for every route. */
    public static void handle(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            if (!response.ended()) {
                response.end();
            }
            return;
        }
        Throwable failure = ctx.failure();
        int status;
        String message;
        JsonArray details = new JsonArray();
        if (failure instanceof GatewayException g) {
            status = g.status();
            message = g.getMessage();
            g.details().forEach(details::add);
        } else if (failure instanceof HttpException h) {
            status = h.getStatusCode();
            message = h.getPayload() != null ? h.getPayload() : MESSAGES.getOrDefault(status, "error");
        } else if (failure instanceof DecodeException d) {
            status = 400;
            message = "the body is not valid JSON";
            details.add(String.valueOf(d.getMessage()));
        } else if (failure != null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            // a handler refused the request with a 4xx and a cause (Vert.x's CorsHandler does): the client's fault
            status = ctx.statusCode();
            message = MESSAGES.getOrDefault(status, "request refused");
            LOG.debug("{} {} refused with {}", ctx.request().method(), ctx.request().path(), status, failure);
        } else if (failure != null) {
            status = 500;
            message = MESSAGES.get(500);
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
        } else {
            status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
            message = MESSAGES.getOrDefault(status, "error");
        }
        if (status == 413) {
            message = MESSAGES.get(413) + " (gateway.max-body-bytes)";
        }
        if (status == 401) {
            response.putHeader("WWW-Authenticate", "Bearer realm=\"beliefstream\"");
        }
        respond(response, status, message, details);
    }

    /**
     * The server's handler of requests that HTTP decoding refused (malformed request line or headers, a line or the
     * headers too long): 400, 414 or 431 with the JSON error body, then the connection closes.
     */
    public static void invalidRequest(HttpServerRequest request) {
        DecoderResult result = request.decoderResult();
        Throwable cause = result == null ? null : result.cause();
        int status = 400;
        String message = "malformed HTTP request";
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            message = "request line too long";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            message = "request headers too large";
        }
        LOG.debug("malformed HTTP request refused with {}", status, cause);
        HttpServerResponse response = request.response();
        response.putHeader("Connection", "close");
        // the connection's framing cannot be trusted any more: close it once the answer is out
        respond(response, status, message, new JsonArray()).onComplete(v -> request.connection().close());
    }

    private static Future<Void> respond(HttpServerResponse response, int status, String message, JsonArray details) {
        return response.setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(new JsonObject().put("error", message).put("details", details).encode());
    }
}
