package io.beliefstream.streams;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the streaming engine, validated on construction: every bad value is an
 * {@link IllegalArgumentException} naming the configuration key.
 *
 * @param bootstrapServers Kafka {@code bootstrap.servers}
 * @param topics topic names
 * @param partitions partitions of the observations topic (and of the co-partitioned state topic) when the service
 *     creates them
 * @param groupId consumer group; instances with the same group split the partitions
 * @param maxBatch most streams stepped by the model at once
 * @param maxPollRecords most records one poll hands to the engine
 * @param pollTimeout how long one poll waits for records
 * @param maxRecordBytes larger observation values go to the dead-letter topic as {@code OVERSIZED}
 * @param timestampTolerance how far a stream's timestamp may go backwards before the record is refused
 * @param sessionTimeout consumer session timeout: how soon a dead instance's partitions move
 */
public record EngineConfig(String bootstrapServers, Topics topics, int partitions, String groupId, int maxBatch,
        int maxPollRecords, Duration pollTimeout, int maxRecordBytes, Duration timestampTolerance,
        Duration sessionTimeout) {

    public static final int DEFAULT_PARTITIONS = 4;
    public static final String DEFAULT_GROUP_ID = "beliefstream-engine";
    public static final int DEFAULT_MAX_BATCH = 1024;
    public static final int DEFAULT_MAX_POLL_RECORDS = 5000;
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(100);
    public static final int DEFAULT_MAX_RECORD_BYTES = 64 * 1024;
    public static final Duration DEFAULT_TIMESTAMP_TOLERANCE = Duration.ZERO;
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);

    public EngineConfig {
        require(bootstrapServers != null && !bootstrapServers.isBlank(), "kafka.bootstrap",
                "must name at least one host:port");
        Objects.requireNonNull(topics, "topics");
        require(partitions >= 1 && partitions <= 10_000, "topics.partitions", "must be in [1, 10000], got " + partitions);
        require(groupId != null && !groupId.isBlank(), "engine.group-id", "must not be blank");
        require(maxBatch >= 1 && maxBatch <= 1 << 16, "engine.max-batch", "must be in [1, 65536], got " + maxBatch);
        require(maxPollRecords >= 1 && maxPollRecords <= 1_000_000, "engine.max-poll-records",
                "must be in [1, 1000000], got " + maxPollRecords);
        require(pollTimeout != null && !pollTimeout.isNegative() && !pollTimeout.isZero(), "engine.poll-timeout-ms",
                "must be positive");
        require(maxRecordBytes >= 64 && maxRecordBytes <= 16 << 20, "engine.max-record-bytes",
                "must be in [64, 16777216], got " + maxRecordBytes);
        require(timestampTolerance != null && !timestampTolerance.isNegative(), "engine.timestamp-tolerance-ms",
                "must not be negative");
        require(sessionTimeout != null && sessionTimeout.toMillis() >= 1000, "engine.session-timeout-ms",
                "must be at least 1000");
    }

    /** Defaults for everything but the broker address. */
    public static EngineConfig defaults(String bootstrapServers) {
        return new EngineConfig(bootstrapServers, new Topics(Topics.DEFAULT_PREFIX), DEFAULT_PARTITIONS,
                DEFAULT_GROUP_ID, DEFAULT_MAX_BATCH, DEFAULT_MAX_POLL_RECORDS, DEFAULT_POLL_TIMEOUT,
                DEFAULT_MAX_RECORD_BYTES, DEFAULT_TIMESTAMP_TOLERANCE, DEFAULT_SESSION_TIMEOUT);
    }

    public EngineConfig withTopics(Topics t) {
        return new EngineConfig(bootstrapServers, t, partitions, groupId, maxBatch, maxPollRecords, pollTimeout,
                maxRecordBytes, timestampTolerance, sessionTimeout);
    }

    public EngineConfig withGroupId(String g) {
        return new EngineConfig(bootstrapServers, topics, partitions, g, maxBatch, maxPollRecords, pollTimeout,
                maxRecordBytes, timestampTolerance, sessionTimeout);
    }

    public EngineConfig withSessionTimeout(Duration d) {
        return new EngineConfig(bootstrapServers, topics, partitions, groupId, maxBatch, maxPollRecords, pollTimeout,
                maxRecordBytes, timestampTolerance, d);
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new IllegalArgumentException(key + " " + message);
        }
    }
}
