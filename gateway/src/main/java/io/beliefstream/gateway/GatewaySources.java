package io.beliefstream.gateway;

import io.beliefstream.streams.Topics;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * What the gateway talks to besides HTTP clients: the Kafka cluster (observations in, predictions out), the engine's
 * readiness, and the model catalogue. It sees no engine internals.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param topics topic names
 * @param inputDim dimension of one observation the active model expects (checked at ingestion), 0 for unknown
 * @param maxRecordBytes largest observation value accepted (the engine's {@code engine.max-record-bytes})
 * @param engineReady true while the engine runs with its partitions assigned and their states restored
 * @param models the model catalogue
 */
public record GatewaySources(String bootstrapServers, Topics topics, int inputDim, int maxRecordBytes,
        BooleanSupplier engineReady, ModelCatalog models) {
    public GatewaySources {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("kafka.bootstrap must name at least one host:port");
        }
        Objects.requireNonNull(topics, "topics");
        if (inputDim < 0) {
            throw new IllegalArgumentException("inputDim must not be negative, got " + inputDim);
        }
        if (maxRecordBytes < 64) {
            throw new IllegalArgumentException("engine.max-record-bytes must be at least 64, got " + maxRecordBytes);
        }
        Objects.requireNonNull(engineReady, "engineReady");
        Objects.requireNonNull(models, "models");
    }
}
