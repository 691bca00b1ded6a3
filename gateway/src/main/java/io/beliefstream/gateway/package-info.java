/**
 * The HTTP face of the service (Vert.x Web): {@link io.beliefstream.gateway.GatewayServer} serves the {@code /v1} API
 * (observations in, streams, Server-Sent Events live feeds, models), health, {@code /metrics}, {@code /openapi.json}
 * and the live dashboard at {@code /}. It sees no engine internals: predictions come from its own consumer of the
 * predictions topic, models through {@link io.beliefstream.gateway.ModelCatalog}, readiness through a
 * {@code BooleanSupplier} ({@link io.beliefstream.gateway.GatewaySources}). Settings:
 * {@link io.beliefstream.gateway.GatewayConfig}; auth: {@link io.beliefstream.gateway.ApiTokens}; the one failure type:
 * {@link io.beliefstream.gateway.GatewayException}; the feed's view of the latest predictions, for benchmarks:
 * {@link io.beliefstream.gateway.LatestPredictions}.
 */
package io.beliefstream.gateway;
