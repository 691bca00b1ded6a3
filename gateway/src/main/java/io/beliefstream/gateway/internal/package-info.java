/**
 * Gateway implementation: the bounded prediction view and its feed thread, the SSE hub, observation ingestion
 * (validation with the engine's decoder, one Kafka transaction per request), bearer-token checks, the one error
 * mapper, the dashboard's static assets and the service panel read from the meter registry. Not an API.
 */
package io.beliefstream.gateway.internal;
