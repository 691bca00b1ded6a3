package io.beliefstream.app;

import io.beliefstream.gateway.ApiTokens;
import io.beliefstream.gateway.GatewayConfig;
import io.beliefstream.models.score.SeasonalComponent;
import io.beliefstream.monitoring.MetricsSnapshotPublisher;
import io.beliefstream.streams.EngineConfig;
import io.beliefstream.streams.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Every configuration key of the service, and their resolution. Precedence, highest first: command-line flags
 * ({@code --set key=value} and the dedicated flags such as {@code --kafka}), environment variables
 * ({@code BELIEFSTREAM_<KEY>}, dots and dashes as underscores), a properties file ({@code --config}), the default.
 * Unknown keys in a file or {@code --set} and values that do not parse fail at start-up with a
 * {@link ConfigException} that names the key and where the value came from.
 */
public final class Settings {

    /** One configuration key: its name, environment variable, type, default (null: none) and meaning. */
    public record Key(String name, String type, String defaultValue, String meaning) {
        /** {@code BELIEFSTREAM_} + the name upper-cased, dots and dashes as underscores. */
        public String env() {
            return "BELIEFSTREAM_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        }
    }

    public static final Key KAFKA_BOOTSTRAP = new Key("kafka.bootstrap", "host:port[,host:port...]", null,
            "Kafka bootstrap servers. Unset: start an embedded single-node broker on 127.0.0.1 (data in a temporary "
                    + "directory, removed on exit).");
    public static final Key TOPICS_PREFIX = new Key("topics.prefix", "string", Topics.DEFAULT_PREFIX,
            "Prefix of every topic name (observations, predictions, metrics, dead-letter, state, codebooks).");
    public static final Key TOPICS_PARTITIONS = new Key("topics.partitions", "int",
            String.valueOf(EngineConfig.DEFAULT_PARTITIONS),
            "Partitions of the observations and state topics when the service creates them.");
    public static final Key GROUP_ID = new Key("engine.group-id", "string", EngineConfig.DEFAULT_GROUP_ID,
            "Consumer group of the engine; instances with the same group split the partitions.");
    public static final Key INSTANCE_ID = new Key("engine.instance-id", "string", null,
            "Stable identity of this instance (e.g. a pod name): the transactional id is <group-id>-<instance-id>, "
                    + "so a restart with the same id aborts its predecessor's open transaction at once. Unset: random.");
    public static final Key MAX_BATCH = new Key("engine.max-batch", "int", String.valueOf(EngineConfig.DEFAULT_MAX_BATCH),
            "Most streams stepped by the model in one batched call.");
    public static final Key MAX_POLL_RECORDS = new Key("engine.max-poll-records", "int",
            String.valueOf(EngineConfig.DEFAULT_MAX_POLL_RECORDS), "Most records one poll hands to the engine.");
    public static final Key POLL_TIMEOUT = new Key("engine.poll-timeout-ms", "int",
            String.valueOf(EngineConfig.DEFAULT_POLL_TIMEOUT.toMillis()), "How long one poll waits for records.");
    public static final Key MAX_RECORD_BYTES = new Key("engine.max-record-bytes", "int",
            String.valueOf(EngineConfig.DEFAULT_MAX_RECORD_BYTES),
            "Larger observation values go to the dead-letter topic as OVERSIZED.");
    public static final Key TIMESTAMP_TOLERANCE = new Key("engine.timestamp-tolerance-ms", "long",
            String.valueOf(EngineConfig.DEFAULT_TIMESTAMP_TOLERANCE.toMillis()),
            "How far a stream's timestamp may go backwards before a record is refused as TIMESTAMP_BACKWARDS.");
    public static final Key SESSION_TIMEOUT = new Key("engine.session-timeout-ms", "int",
            String.valueOf(EngineConfig.DEFAULT_SESSION_TIMEOUT.toMillis()),
            "Consumer session timeout: how soon a dead instance's partitions move to the survivors.");
    public static final Key TRANSACTION_TIMEOUT = new Key("engine.transaction-timeout-ms", "int",
            String.valueOf(EngineConfig.DEFAULT_TRANSACTION_TIMEOUT.toMillis()),
            "Transaction timeout: how long a dead instance's open transaction can hold back read_committed readers "
                    + "when no instance with its id restarts.");
    public static final Key IDLE_TIMEOUT = new Key("engine.idle-timeout-ms", "long",
            String.valueOf(EngineConfig.DEFAULT_IDLE_TIMEOUT.toMillis()),
            "Streams without observations for this long leave memory; their state stays in the state topic.");
    public static final Key EVICTED_MEMORY = new Key("engine.evicted-memory", "int",
            String.valueOf(EngineConfig.DEFAULT_EVICTED_MEMORY),
            "How many evicted streams are remembered (8 bytes each) so that a returning one is restored from the "
                    + "state topic instead of starting afresh.");
    public static final Key COMMIT_OVERLAP = new Key("engine.commit-overlap", "auto, always or never",
            EngineConfig.DEFAULT_COMMIT_OVERLAP.name().toLowerCase(Locale.ROOT),
            "Whether a batch's transaction is committed while the next batch is processed: always (throughput), "
                    + "never (latency), or auto: only when a whole poll's worth of records is waiting (falling "
                    + "behind).");
    public static final Key REFETCH_WAIT = new Key("engine.refetch-wait-ms", "int",
            String.valueOf(EngineConfig.DEFAULT_REFETCH_WAIT.toMillis()),
            "When a poll returns only records fetched while the previous batch was being committed, wait up to this "
                    + "long for what arrived since and process both together; 0 turns it off.");
    public static final Key PRODUCER_TIMEOUT = new Key("engine.producer-timeout-ms", "int",
            String.valueOf(EngineConfig.DEFAULT_PRODUCER_TIMEOUT.toMillis()),
            "How long a call of the engine's transactional producer may block while the broker does not answer "
                    + "(max.block.ms; request timeout half of it up to 30 s, delivery timeout twice it) before the "
                    + "engine gives the transaction up and recovers: renews the producer, rewinds to the committed "
                    + "offsets, restores the affected partitions (docs/engine.md, \"Broker outages\").");
    public static final Key CODEBOOK_SNAPSHOT_INTERVAL = new Key("engine.codebook-snapshot-interval-ms", "int",
            String.valueOf(EngineConfig.DEFAULT_CODEBOOK_SNAPSHOT_INTERVAL.toMillis()),
            "How often the online VQ-VAE codebook is written to the compacted codebooks topic (inside a batch's "
                    + "transaction); a restored codebook lags the stream states by at most this much.");
    public static final Key MODEL_FORECASTER = new Key("model.forecaster", "td-vae or last-value", "td-vae",
            "The forecaster: the TD-VAE (belief state, jumpy forecasts) or the naive last-value baseline.");
    public static final Key MODEL_TDVAE_BUNDLE = new Key("model.tdvae-bundle", "path", null,
            "A TD-VAE bundle written by `beliefstream train tdvae`. Unset: the default bundle inside the jar.");
    public static final Key MODEL_SCORER = new Key("model.scorer", "vq-vae, autoencoder, denoising, sparse, "
            + "k-sparse, contractive, stacked, vae, beta-vae, vq-vae-2 or none", "vq-vae",
            "The window scorer whose reconstruction error (for vae and beta-vae: negative log reconstruction "
                    + "probability) is the second anomaly component (univariate streams).");
    public static final Key MODEL_SCORER_BUNDLE = new Key("model.scorer-bundle", "path", null,
            "A bundle written by `beliefstream train scorer --kind KIND` for the scorer `model.scorer` names (any "
                    + "kind but vq-vae). Unset: that kind's default bundle inside the jar.");
    public static final Key MODEL_VQVAE_BUNDLE = new Key("model.vqvae-bundle", "path", null,
            "A VQ-VAE bundle written by `beliefstream train vqvae`. Unset: the default bundle inside the jar.");
    public static final Key MODEL_ANOMALY_THRESHOLD = new Key("model.anomaly-threshold", "double", "0.99",
            "Calibrated anomaly score at or above which a prediction carries \"flag\": true.");
    public static final Key MODEL_SEASONAL_PERIOD = new Key("model.seasonal-period-ms", "long",
            String.valueOf(SeasonalComponent.DEFAULT_PERIOD_MILLIS),
            "Cycle of the score normaliser's seasonal profile (24 phases; univariate streams): an anomaly component "
            + "for values unusual at their time of the cycle. 0 turns the profile off.");
    public static final Key MODEL_SHAPE_MEMORY = new Key("model.shape-memory", "boolean", "false",
            "A shape-novelty anomaly component (univariate streams): how far the shape of the stream's last 64 values "
            + "lies from every shape it drew over its last ~1,000 values (a left discord; ~2.6 KB per stream). Off "
            + "by default: it gains on shape anomalies (UCR) and costs NAB points (docs/evaluation.md).");
    public static final Key MODEL_INPUT_DIM = new Key("model.input-dim", "int", "1",
            "Dimension of one observation (values array length). A univariate TD-VAE bundle (the default) and the "
            + "window scorer are applied to each dimension on its own when it is above 1.");
    public static final Key MODEL_HORIZONS = new Key("model.horizons", "int list", "1,5,20",
            "Forecast horizons in steps, comma-separated, strictly increasing.");
    public static final Key MODEL_INTERVAL = new Key("model.interval-level", "double", "0.8",
            "Probability mass of the central forecast interval, in (0, 1).");
    public static final Key HTTP_HOST = new Key("http.host", "string", GatewayConfig.DEFAULT_HOST,
            "Address the HTTP server binds (0.0.0.0 inside a container).");
    public static final Key HTTP_PORT = new Key("http.port", "int", String.valueOf(GatewayConfig.DEFAULT_PORT),
            "HTTP port of health, metrics and API; 0 picks a free port.");

    public static final Key GATEWAY_TOKENS = new Key("gateway.tokens", "token:scopes[;...]", null,
            "Bearer tokens of the HTTP API and their scopes (read, write), e.g. `t0k3n-ops:read,write;t0k3n-view:read`. "
                    + "Unset: authentication is OFF (a warning is logged at start-up).");
    public static final Key GATEWAY_ALLOW_UNAUTHENTICATED = new Key("gateway.allow-unauthenticated", "boolean", "false",
            "Serve the API without tokens on an address other than loopback. Unset or false: binding such an "
                    + "`http.host` with empty `gateway.tokens` stops the service at start-up.");
    public static final Key GATEWAY_CORS = new Key("gateway.cors-origins", "string list", null,
            "Origins allowed to call the API from a browser, comma-separated (`*` for any). Unset: same origin only.");
    public static final Key GATEWAY_MAX_BODY = new Key("gateway.max-body-bytes", "int",
            String.valueOf(GatewayConfig.DEFAULT_MAX_BODY_BYTES),
            "Largest request body of POST /v1/observations; larger is refused with 413, nothing written.");
    public static final Key GATEWAY_MAX_STREAMS = new Key("gateway.max-streams", "int",
            String.valueOf(GatewayConfig.DEFAULT_MAX_STREAMS),
            "Streams the gateway keeps in memory (latest prediction and chart points); the least recently updated is "
                    + "evicted beyond it.");
    public static final Key GATEWAY_POINTS = new Key("gateway.points-per-stream", "int",
            String.valueOf(GatewayConfig.DEFAULT_POINTS_PER_STREAM), "Recent chart points kept per stream. The view "
                    + "holds at most about `gateway.max-streams` × (1.5 KB + points × (36 + 12 × horizons) bytes): "
                    + "100 MB with the defaults and 3 horizons.");
    public static final Key GATEWAY_LOOK_BACK = new Key("gateway.look-back", "int",
            String.valueOf(GatewayConfig.DEFAULT_LOOK_BACK),
            "Prediction records per partition the gateway reads back at start-up to warm up its view.");
    public static final Key GATEWAY_SSE_QUEUE = new Key("gateway.sse-queue", "int",
            String.valueOf(GatewayConfig.DEFAULT_SSE_QUEUE),
            "Events buffered per live-feed subscriber; a slow client loses its oldest events (counted).");
    public static final Key GATEWAY_SSE_MAX = new Key("gateway.sse-max-subscribers", "int",
            String.valueOf(GatewayConfig.DEFAULT_SSE_MAX_SUBSCRIBERS),
            "Live-feed (SSE) connections at once; more get 503.");
    public static final Key GATEWAY_PUSH = new Key("gateway.push-interval-ms", "int",
            String.valueOf(GatewayConfig.DEFAULT_PUSH_INTERVAL.toMillis()),
            "How often live feeds are flushed and dashboard snapshots pushed.");
    public static final Key GATEWAY_PAGE = new Key("gateway.max-page-size", "int",
            String.valueOf(GatewayConfig.DEFAULT_MAX_PAGE_SIZE), "Largest page of GET /v1/streams.");
    public static final Key METRICS_SNAPSHOT = new Key("metrics.snapshot-interval-ms", "int",
            String.valueOf(MetricsSnapshotPublisher.DEFAULT_INTERVAL.toMillis()),
            "Interval of the JSON metrics snapshots to the metrics topic; 0 turns them off.");

    /** All keys, in documentation order. */
    public static final List<Key> KEYS = List.of(KAFKA_BOOTSTRAP, TOPICS_PREFIX, TOPICS_PARTITIONS, GROUP_ID,
            INSTANCE_ID, MAX_BATCH, MAX_POLL_RECORDS, POLL_TIMEOUT, MAX_RECORD_BYTES, TIMESTAMP_TOLERANCE,
            SESSION_TIMEOUT, TRANSACTION_TIMEOUT, IDLE_TIMEOUT, EVICTED_MEMORY, CODEBOOK_SNAPSHOT_INTERVAL,
            COMMIT_OVERLAP, REFETCH_WAIT, PRODUCER_TIMEOUT, MODEL_FORECASTER, MODEL_TDVAE_BUNDLE, MODEL_SCORER,
            MODEL_VQVAE_BUNDLE, MODEL_SCORER_BUNDLE, MODEL_ANOMALY_THRESHOLD, MODEL_SEASONAL_PERIOD, MODEL_SHAPE_MEMORY,
            MODEL_INPUT_DIM, MODEL_HORIZONS, MODEL_INTERVAL, HTTP_HOST,
            HTTP_PORT, GATEWAY_TOKENS, GATEWAY_ALLOW_UNAUTHENTICATED, GATEWAY_CORS,
            GATEWAY_MAX_BODY, GATEWAY_MAX_STREAMS, GATEWAY_POINTS, GATEWAY_LOOK_BACK, GATEWAY_SSE_QUEUE,
            GATEWAY_SSE_MAX, GATEWAY_PUSH, GATEWAY_PAGE, METRICS_SNAPSHOT);

    private record Value(String raw, String source) {}

    private final Map<String, Value> values;

    private Settings(Map<String, Value> values) {
        this.values = values;
    }

    /**
     * Resolves every key.
     *
     * @param flags values from the command line, by key name
     * @param env the process environment
     * @param configFile an optional properties file
     */
    public static Settings resolve(Map<String, String> flags, Map<String, String> env, Optional<Path> configFile) {
        Map<String, Value> v = new LinkedHashMap<>();
        for (Key k : KEYS) {
            if (k.defaultValue() != null) {
                v.put(k.name(), new Value(k.defaultValue(), "default"));
            }
        }
        if (configFile.isPresent()) {
            Path file = configFile.get();
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
            }
            for (String name : p.stringPropertyNames()) {
                key(name, "config file " + file);
                v.put(name, new Value(p.getProperty(name).trim(), "config file " + file));
            }
        }
        for (Key k : KEYS) {
            String e = env.get(k.env());
            if (e != null && !e.isBlank()) {
                v.put(k.name(), new Value(e.trim(), "environment variable " + k.env()));
            }
        }
        for (Map.Entry<String, String> f : flags.entrySet()) {
            key(f.getKey(), "the command line");
            v.put(f.getKey(), new Value(f.getValue().trim(), "the command line"));
        }
        Settings s = new Settings(v);
        s.validate();
        return s;
    }

    private static Key key(String name, String source) {
        for (Key k : KEYS) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        throw new ConfigException("unknown configuration key '" + name + "' in " + source + "; known keys: "
                + KEYS.stream().map(Key::name).toList());
    }

    /** Parses every value once, so that a bad one fails at start-up. */
    private void validate() {
        try {
            bootstrap().ifPresent(b -> {
                for (String hp : b.split(",")) {
                    int colon = hp.lastIndexOf(':');
                    if (colon <= 0 || colon == hp.length() - 1) {
                        throw new ConfigException(describe(KAFKA_BOOTSTRAP) + " must be host:port[,host:port...], got '"
                                + b + "'");
                    }
                    parseInt(KAFKA_BOOTSTRAP, hp.substring(colon + 1).trim());
                }
            });
            engineConfig("127.0.0.1:9092");
            gatewayConfig();
            metricsSnapshotInterval();
            horizons();
            intervalLevel();
            choice(MODEL_FORECASTER, "td-vae", "last-value");
            choice(MODEL_SCORER, ModelLoader.SCORERS.toArray(String[]::new));
            double threshold = doubleValue(MODEL_ANOMALY_THRESHOLD);
            if (!(threshold > 0 && threshold <= 1)) {
                throw new ConfigException(describe(MODEL_ANOMALY_THRESHOLD) + " must be in (0, 1], got " + threshold);
            }
            for (Key k : List.of(MODEL_TDVAE_BUNDLE, MODEL_VQVAE_BUNDLE, MODEL_SCORER_BUNDLE)) {
                optionalPath(k);
            }
            long period = longValue(MODEL_SEASONAL_PERIOD);
            if (period < 0) {
                throw new ConfigException(describe(MODEL_SEASONAL_PERIOD) + " must be 0 (off) or positive, got "
                        + period);
            }
            int dim = integer(MODEL_INPUT_DIM);
            if (dim < 1 || dim > 4096) {
                throw new ConfigException(describe(MODEL_INPUT_DIM) + " must be in [1, 4096], got " + dim);
            }
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(explain(e.getMessage()));
        }
    }

    /** Adds where the offending key's value came from to a validation message that starts with the key. */
    private String explain(String message) {
        for (Key k : KEYS) {
            if (message.startsWith(k.name() + " ")) {
                return describe(k) + message.substring(k.name().length());
            }
        }
        return message;
    }

    private String describe(Key k) {
        Value v = values.get(k.name());
        return k.name() + " (from " + (v == null ? "default" : v.source()) + ")";
    }

    /** The value of a key that takes one of a fixed set of words. */
    public String choice(Key k, String... allowed) {
        String v = string(k);
        if (!List.of(allowed).contains(v)) {
            throw new ConfigException(describe(k) + " must be one of " + List.of(allowed) + ", got '" + v + "'");
        }
        return v;
    }

    /** A path that must name a readable file, or empty when the key is unset. */
    public Optional<Path> optionalPath(Key k) {
        Value v = values.get(k.name());
        if (v == null || v.raw().isBlank()) {
            return Optional.empty();
        }
        Path p = Path.of(v.raw());
        if (!Files.isReadable(p)) {
            throw new ConfigException(describe(k) + " names '" + v.raw() + "', which is not a readable file");
        }
        return Optional.of(p);
    }

    public Optional<String> bootstrap() {
        Value v = values.get(KAFKA_BOOTSTRAP.name());
        return v == null || v.raw().isBlank() ? Optional.empty() : Optional.of(v.raw());
    }

    /** The value of a key without a default, if set. */
    public Optional<String> optional(Key k) {
        Value v = values.get(k.name());
        return v == null || v.raw().isBlank() ? Optional.empty() : Optional.of(v.raw());
    }

    /** Interval of metrics snapshots to Kafka; zero when they are off. */
    public Duration metricsSnapshotInterval() {
        int ms = integer(METRICS_SNAPSHOT);
        if (ms != 0 && (ms < 100 || ms > 3_600_000)) {
            throw new ConfigException(describe(METRICS_SNAPSHOT) + " must be 0 (off) or in [100, 3600000], got " + ms);
        }
        return Duration.ofMillis(ms);
    }

    public String string(Key k) {
        Value v = values.get(k.name());
        if (v == null) {
            throw new ConfigException(k.name() + " is not set (environment variable " + k.env() + ")");
        }
        return v.raw();
    }

    public int integer(Key k) {
        return parseInt(k, string(k));
    }

    private int parseInt(Key k, String raw) {
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(describe(k) + " must be an integer, got '" + raw + "'");
        }
    }

    public long longValue(Key k) {
        try {
            return Long.parseLong(string(k));
        } catch (NumberFormatException e) {
            throw new ConfigException(describe(k) + " must be an integer, got '" + string(k) + "'");
        }
    }

    /** {@code true} or {@code false} (any case); anything else is refused rather than read as false. */
    public boolean bool(Key k) {
        String v = string(k).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new ConfigException(describe(k) + " must be true or false, got '" + string(k) + "'");
        }
        return v.equals("true");
    }

    public double doubleValue(Key k) {
        try {
            return Double.parseDouble(string(k));
        } catch (NumberFormatException e) {
            throw new ConfigException(describe(k) + " must be a number, got '" + string(k) + "'");
        }
    }

    public int[] horizons() {
        String raw = string(MODEL_HORIZONS);
        int[] h;
        try {
            h = Arrays.stream(raw.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new ConfigException(describe(MODEL_HORIZONS) + " must be comma-separated integers, got '" + raw + "'");
        }
        for (int i = 0; i < h.length; i++) {
            if (h[i] < 1 || h[i] > 10_000 || (i > 0 && h[i] <= h[i - 1])) {
                throw new ConfigException(describe(MODEL_HORIZONS)
                        + " must be strictly increasing integers in [1, 10000], got '" + raw + "'");
            }
        }
        return h;
    }

    public double intervalLevel() {
        double level = doubleValue(MODEL_INTERVAL);
        if (!(level > 0 && level < 1)) {
            throw new ConfigException(describe(MODEL_INTERVAL) + " must be in (0, 1), got " + level);
        }
        return level;
    }

    public EngineConfig engineConfig(String bootstrapServers) {
        try {
            EngineConfig.Builder b = EngineConfig.builder(bootstrapServers).topics(new Topics(string(TOPICS_PREFIX)))
                    .partitions(integer(TOPICS_PARTITIONS)).groupId(string(GROUP_ID)).maxBatch(integer(MAX_BATCH))
                    .maxPollRecords(integer(MAX_POLL_RECORDS)).pollTimeout(Duration.ofMillis(integer(POLL_TIMEOUT)))
                    .maxRecordBytes(integer(MAX_RECORD_BYTES))
                    .timestampTolerance(Duration.ofMillis(longValue(TIMESTAMP_TOLERANCE)))
                    .sessionTimeout(Duration.ofMillis(integer(SESSION_TIMEOUT)))
                    .transactionTimeout(Duration.ofMillis(integer(TRANSACTION_TIMEOUT)))
                    .idleTimeout(Duration.ofMillis(longValue(IDLE_TIMEOUT))).evictedMemory(integer(EVICTED_MEMORY))
                    .codebookSnapshotInterval(Duration.ofMillis(integer(CODEBOOK_SNAPSHOT_INTERVAL)))
                    .commitOverlap(EngineConfig.CommitOverlap.parse(string(COMMIT_OVERLAP)))
                    .refetchWait(Duration.ofMillis(integer(REFETCH_WAIT)))
                    .producerTimeout(Duration.ofMillis(integer(PRODUCER_TIMEOUT)));
            if (values.containsKey(INSTANCE_ID.name())) {
                b.instanceId(string(INSTANCE_ID));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            if (e instanceof ConfigException) {
                throw e;
            }
            throw new ConfigException(explain(e.getMessage()));
        }
    }

    public GatewayConfig gatewayConfig() {
        try {
            return new GatewayConfig(string(HTTP_HOST), integer(HTTP_PORT), integer(GATEWAY_MAX_BODY),
                    optional(GATEWAY_CORS).map(v -> Arrays.stream(v.split(",")).map(String::trim)
                            .filter(o -> !o.isEmpty()).toList()).orElse(List.of()),
                    ApiTokens.parse(optional(GATEWAY_TOKENS).orElse(null)), integer(GATEWAY_MAX_STREAMS),
                    integer(GATEWAY_POINTS), integer(GATEWAY_LOOK_BACK), integer(GATEWAY_SSE_QUEUE),
                    integer(GATEWAY_SSE_MAX), Duration.ofMillis(integer(GATEWAY_PUSH)), integer(GATEWAY_PAGE),
                    bool(GATEWAY_ALLOW_UNAUTHENTICATED));
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(explain(e.getMessage()));
        }
    }

    /** A configuration problem, reported to the user as is (exit code 2). */
    public static final class ConfigException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public ConfigException(String message) {
            super(message);
        }
    }
}
