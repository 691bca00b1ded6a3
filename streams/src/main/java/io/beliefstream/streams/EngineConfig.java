package io.beliefstream.streams;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of the streaming engine, validated on construction: every bad value is an
 * {@link IllegalArgumentException} naming the configuration key. Build with {@link #builder(String)}.
 *
 * @param bootstrapServers Kafka {@code bootstrap.servers} ({@code kafka.bootstrap})
 * @param topics topic names ({@code topics.prefix})
 * @param partitions partitions of the observations topic and the co-partitioned state topic when the service creates
 *     them ({@code topics.partitions})
 * @param groupId consumer group; instances with the same group split the partitions ({@code engine.group-id})
 * @param instanceId this instance's stable identity; the transactional id is {@code <groupId>-<instanceId>}, so a
 *     restarted instance with the same id aborts its predecessor's open transaction at once
 *     ({@code engine.instance-id}); {@code null}: each started engine draws a random one
 * @param maxBatch most streams stepped by the model at once ({@code engine.max-batch})
 * @param maxPollRecords most records one poll hands to the engine ({@code engine.max-poll-records})
 * @param pollTimeout how long one poll waits for records ({@code engine.poll-timeout-ms})
 * @param maxRecordBytes larger observation values go to the dead-letter topic ({@code engine.max-record-bytes})
 * @param timestampTolerance how far a stream's timestamp may go backwards ({@code engine.timestamp-tolerance-ms})
 * @param sessionTimeout consumer session timeout ({@code engine.session-timeout-ms})
 * @param transactionTimeout producer transaction timeout: how long a dead instance's open transaction can hold back
 *     read_committed readers when no instance with its id restarts ({@code engine.transaction-timeout-ms})
 * @param idleTimeout streams not seen for this long leave memory; their state stays in the state topic
 *     ({@code engine.idle-timeout-ms})
 * @param evictedMemory how many evicted streams the instance remembers (8 bytes each) so that a returning stream is
 *     restored from the state topic rather than started afresh ({@code engine.evicted-memory})
 * @param staticMembership whether the consumer uses {@code group.instance.id = instanceId} (Kafka static membership):
 *     on when the instance id is configured explicitly, so a restarted instance takes its place without a rebalance;
 *     the price is that a stopped instance's partitions move only after the session timeout
 * @param codebookSnapshotInterval how often the online codebook is written to the compacted codebooks topic, inside
 *     a batch's transaction ({@code engine.codebook-snapshot-interval-ms}); a restored codebook lags the streams'
 *     states by at most this much
 * @param commitOverlap whether a batch's transaction is committed while the next batch is processed
 *     ({@code engine.commit-overlap}; see {@link CommitOverlap})
 * @param refetchWait when a poll (not overlapping a commit) returned only records the consumer had already buffered,
 *     fetched while the previous batch was being committed, how long to wait for a fetch of what arrived since and
 *     process both together ({@code engine.refetch-wait-ms}; zero turns it off)
 * @param producerTimeout how long a call of the transactional producer may block while the broker does not answer
 *     ({@code max.block.ms}; the request timeout is half of it, at most 30 s, and the delivery timeout twice it)
 *     before the poll loop gives the transaction up and recovers (docs/engine.md, "Broker outages";
 *     {@code engine.producer-timeout-ms})
 */
public record EngineConfig(String bootstrapServers, Topics topics, int partitions, String groupId, String instanceId,
        int maxBatch, int maxPollRecords, Duration pollTimeout, int maxRecordBytes, Duration timestampTolerance,
        Duration sessionTimeout, Duration transactionTimeout, Duration idleTimeout, int evictedMemory,
        boolean staticMembership, Duration codebookSnapshotInterval, CommitOverlap commitOverlap,
        Duration refetchWait, Duration producerTimeout) {

    /**
     * When the poll thread commits a processed batch. Transactions are serial, so a batch held back to be committed
     * while the next one is processed waits for the next poll and one more commit: that raises throughput (a cycle of
     * {@code max(P, C)} instead of {@code P + C} for processing time {@code P} and commit time {@code C}) but costs
     * latency. Measured at 10,000 obs/s (docs/benchmarks.md): p99 41 ms committing at once, 66–82 ms overlapping.
     */
    public enum CommitOverlap {
        /**
         * The default: overlap only when the engine is falling behind (a whole poll's worth of records is waiting);
         * otherwise commit at once.
         */
        AUTO,
        /** Always commit batch n while batch n+1 is processed (throughput; one more commit of latency at light load). */
        ALWAYS,
        /** Always commit a batch as soon as it is processed (lowest latency at light load). */
        NEVER;

        /** Parses {@code auto}, {@code always} or {@code never} (any case). */
        public static CommitOverlap parse(String v) {
            for (CommitOverlap c : values()) {
                if (c.name().equalsIgnoreCase(v == null ? "" : v.trim())) {
                    return c;
                }
            }
            throw new IllegalArgumentException("engine.commit-overlap must be auto, always or never, got '" + v + "'");
        }
    }

    public static final int DEFAULT_PARTITIONS = 4;
    public static final String DEFAULT_GROUP_ID = "beliefstream-engine";
    public static final int DEFAULT_MAX_BATCH = 1024;
    public static final int DEFAULT_MAX_POLL_RECORDS = 5000;
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(100);
    public static final int DEFAULT_MAX_RECORD_BYTES = 64 * 1024;
    public static final Duration DEFAULT_TIMESTAMP_TOLERANCE = Duration.ZERO;
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofHours(6);
    public static final int DEFAULT_EVICTED_MEMORY = 1_000_000;
    public static final Duration DEFAULT_CODEBOOK_SNAPSHOT_INTERVAL = Duration.ofSeconds(10);
    public static final CommitOverlap DEFAULT_COMMIT_OVERLAP = CommitOverlap.AUTO;
    public static final Duration DEFAULT_REFETCH_WAIT = Duration.ofMillis(5);
    /** Kafka's own {@code max.block.ms} default. */
    public static final Duration DEFAULT_PRODUCER_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    public EngineConfig {
        require(bootstrapServers != null && !bootstrapServers.isBlank(), "kafka.bootstrap",
                "must name at least one host:port");
        Objects.requireNonNull(topics, "topics");
        require(partitions >= 1 && partitions <= 10_000, "topics.partitions", "must be in [1, 10000], got " + partitions);
        require(groupId != null && ID.matcher(groupId).matches(), "engine.group-id",
                "must be 1 to 100 letters, digits, '.', '_' or '-', got '" + groupId + "'");
        require(instanceId == null || ID.matcher(instanceId).matches(), "engine.instance-id",
                "must be 1 to 100 letters, digits, '.', '_' or '-', got '" + instanceId + "'");
        require(maxBatch >= 1 && maxBatch <= 1 << 16, "engine.max-batch", "must be in [1, 65536], got " + maxBatch);
        require(maxPollRecords >= 1 && maxPollRecords <= 1_000_000, "engine.max-poll-records",
                "must be in [1, 1000000], got " + maxPollRecords);
        require(pollTimeout != null && pollTimeout.toMillis() >= 1, "engine.poll-timeout-ms", "must be positive");
        require(maxRecordBytes >= 64 && maxRecordBytes <= 16 << 20, "engine.max-record-bytes",
                "must be in [64, 16777216], got " + maxRecordBytes);
        require(timestampTolerance != null && !timestampTolerance.isNegative(), "engine.timestamp-tolerance-ms",
                "must not be negative");
        require(sessionTimeout != null && sessionTimeout.toMillis() >= 1000, "engine.session-timeout-ms",
                "must be at least 1000");
        require(transactionTimeout != null && transactionTimeout.toMillis() >= 1000
                && transactionTimeout.toMillis() <= 900_000, "engine.transaction-timeout-ms",
                "must be in [1000, 900000]");
        require(idleTimeout != null && idleTimeout.toMillis() >= 1000, "engine.idle-timeout-ms",
                "must be at least 1000");
        require(evictedMemory >= 0 && evictedMemory <= 100_000_000, "engine.evicted-memory",
                "must be in [0, 100000000], got " + evictedMemory);
        require(codebookSnapshotInterval != null && codebookSnapshotInterval.toMillis() >= 100,
                "engine.codebook-snapshot-interval-ms", "must be at least 100");
        require(commitOverlap != null, "engine.commit-overlap", "must be auto, always or never");
        require(refetchWait != null && !refetchWait.isNegative() && refetchWait.toMillis() <= 1000,
                "engine.refetch-wait-ms", "must be in [0, 1000]");
        require(producerTimeout != null && producerTimeout.toMillis() >= 1000 && producerTimeout.toMillis() <= 3_600_000,
                "engine.producer-timeout-ms", "must be in [1000, 3600000]");
    }

    /** A builder with every default set. */
    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    /** Defaults for everything but the broker address (a random instance id). */
    public static EngineConfig defaults(String bootstrapServers) {
        return builder(bootstrapServers).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder(bootstrapServers);
        b.topics = topics;
        b.partitions = partitions;
        b.groupId = groupId;
        b.instanceId = instanceId;
        b.maxBatch = maxBatch;
        b.maxPollRecords = maxPollRecords;
        b.pollTimeout = pollTimeout;
        b.maxRecordBytes = maxRecordBytes;
        b.timestampTolerance = timestampTolerance;
        b.sessionTimeout = sessionTimeout;
        b.transactionTimeout = transactionTimeout;
        b.idleTimeout = idleTimeout;
        b.evictedMemory = evictedMemory;
        b.staticMembership = staticMembership;
        b.codebookSnapshotInterval = codebookSnapshotInterval;
        b.commitOverlap = commitOverlap;
        b.refetchWait = refetchWait;
        b.producerTimeout = producerTimeout;
        return b;
    }

    public EngineConfig withTopics(Topics t) {
        return toBuilder().topics(t).build();
    }

    public EngineConfig withGroupId(String g) {
        return toBuilder().groupId(g).build();
    }

    public EngineConfig withSessionTimeout(Duration d) {
        return toBuilder().sessionTimeout(d).build();
    }

    /** The producer's {@code transactional.id}; needs an instance id (see {@link #withGeneratedInstanceId()}). */
    public String transactionalId() {
        if (instanceId == null) {
            throw new IllegalStateException("no instance id: call withGeneratedInstanceId() first");
        }
        return groupId + "-" + instanceId;
    }

    /** This config if it has an instance id, else a copy with a fresh random one (dynamic membership). */
    public EngineConfig withGeneratedInstanceId() {
        return instanceId != null ? this
                : toBuilder().generatedInstanceId("i-" + java.util.UUID.randomUUID().toString().substring(0, 8)).build();
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new IllegalArgumentException(key + " " + message);
        }
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private final String bootstrapServers;
        private Topics topics = new Topics(Topics.DEFAULT_PREFIX);
        private int partitions = DEFAULT_PARTITIONS;
        private String groupId = DEFAULT_GROUP_ID;
        private String instanceId;
        private int maxBatch = DEFAULT_MAX_BATCH;
        private int maxPollRecords = DEFAULT_MAX_POLL_RECORDS;
        private Duration pollTimeout = DEFAULT_POLL_TIMEOUT;
        private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
        private Duration timestampTolerance = DEFAULT_TIMESTAMP_TOLERANCE;
        private Duration sessionTimeout = DEFAULT_SESSION_TIMEOUT;
        private Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int evictedMemory = DEFAULT_EVICTED_MEMORY;
        private boolean staticMembership;
        private Duration codebookSnapshotInterval = DEFAULT_CODEBOOK_SNAPSHOT_INTERVAL;
        private CommitOverlap commitOverlap = DEFAULT_COMMIT_OVERLAP;
        private Duration refetchWait = DEFAULT_REFETCH_WAIT;
        private Duration producerTimeout = DEFAULT_PRODUCER_TIMEOUT;

        private Builder(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
        }

        public Builder topics(Topics v) { topics = v; return this; }
        public Builder partitions(int v) { partitions = v; return this; }
        public Builder groupId(String v) { groupId = v; return this; }
        /** Sets a stable instance id; this also turns on static group membership. */
        public Builder instanceId(String v) { instanceId = v; staticMembership = true; return this; }

        /** Sets a generated (not stable) instance id: dynamic group membership. */
        public Builder generatedInstanceId(String v) { instanceId = v; staticMembership = false; return this; }
        public Builder maxBatch(int v) { maxBatch = v; return this; }
        public Builder maxPollRecords(int v) { maxPollRecords = v; return this; }
        public Builder pollTimeout(Duration v) { pollTimeout = v; return this; }
        public Builder maxRecordBytes(int v) { maxRecordBytes = v; return this; }
        public Builder timestampTolerance(Duration v) { timestampTolerance = v; return this; }
        public Builder sessionTimeout(Duration v) { sessionTimeout = v; return this; }
        public Builder transactionTimeout(Duration v) { transactionTimeout = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder evictedMemory(int v) { evictedMemory = v; return this; }
        public Builder codebookSnapshotInterval(Duration v) { codebookSnapshotInterval = v; return this; }
        public Builder commitOverlap(CommitOverlap v) { commitOverlap = v; return this; }
        public Builder refetchWait(Duration v) { refetchWait = v; return this; }
        public Builder producerTimeout(Duration v) { producerTimeout = v; return this; }

        public EngineConfig build() {
            return new EngineConfig(bootstrapServers, topics, partitions, groupId, instanceId, maxBatch, maxPollRecords,
                    pollTimeout, maxRecordBytes, timestampTolerance, sessionTimeout, transactionTimeout, idleTimeout,
                    evictedMemory, staticMembership, codebookSnapshotInterval, commitOverlap,
                    refetchWait, producerTimeout);
        }
    }
}
