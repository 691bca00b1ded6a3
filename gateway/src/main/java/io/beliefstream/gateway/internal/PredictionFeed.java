package io.beliefstream.gateway.internal;

import io.beliefstream.streams.PredictionSummary;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own reader of the predictions topic, on its own thread: a plain {@link KafkaConsumer}
 * (read_committed, a group id of its own per gateway instance so every instance sees every partition), starting
 * {@code lookBack} records before the end of each partition to warm the view up, then following the live end. Each
 * prediction is digested into the {@link PredictionView} from the engine's binary summary header
 * ({@link PredictionSummary}), or by one streaming pass over its JSON when the record has none
 * ({@link PredictionDigest}); the full JSON tree is built only when someone listens to its stream, for the
 * {@link EventHub}.
 */
public final class PredictionFeed implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PredictionFeed.class);
    /** A fetch waits for this many bytes (about 300 predictions) or {@link #FETCH_MAX_WAIT_MS}, whichever first. */
    static final int FETCH_MIN_BYTES = 256 * 1024;
    static final int FETCH_MAX_WAIT_MS = 100;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final int lookBack;
    private final PredictionView view;
    private final EventHub hub;
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Throwable failure;
    private volatile long lag;

    public PredictionFeed(String bootstrap, String topic, int lookBack, PredictionView view, EventHub hub) {
        this.topic = topic;
        this.lookBack = lookBack;
        this.view = view;
        this.hub = hub;
        String id = "beliefstream-gateway-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, id);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, id + "-predictions");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        // a dashboard can wait 100 ms: fewer, larger fetches cost the broker and this thread less per record
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this, id + "-feed");
        this.thread.setDaemon(true);
    }

    public PredictionFeed start() {
        thread.start();
        return this;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                    Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
                    for (TopicPartition tp : partitions) {
                        consumer.seek(tp, Math.max(begin.getOrDefault(tp, 0L), end.getOrDefault(tp, 0L) - lookBack));
                    }
                    if (!partitions.isEmpty()) {
                        assigned.countDown();
                    }
                }
            });
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    handle(r);
                }
                long behind = 0;
                for (TopicPartition tp : consumer.assignment()) {
                    behind += consumer.currentLag(tp).orElse(0);
                }
                lag = behind;
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("the gateway's predictions feed stopped", e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> r) {
        byte[] value = r.value();
        Header summary = r.headers().lastHeader(PredictionSummary.HEADER);
        PredictionDigest d = PredictionDigest.of(r.key(), value, summary == null ? null : summary.value());
        if (d == null) {
            view.countRefused();
            return;
        }
        boolean listened = hub.hasSubscribers(d.stream);
        JsonObject point = view.apply(d, value, System.currentTimeMillis(), listened);
        if (listened) {
            hub.publish(d.stream, new JsonObject().put("prediction", new JsonObject(Buffer.buffer(value)))
                    .put("point", point));
        }
    }

    /** Records of the predictions topic not yet read, as of the last poll (from the consumer's fetch positions). */
    public long lag() {
        return lag;
    }

    /** True once the feed owns the predictions topic's partitions and follows them. */
    public boolean isReady() {
        return assigned.getCount() == 0 && thread.isAlive() && failure == null;
    }

    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
