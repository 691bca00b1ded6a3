package io.beliefstream.streams.internal;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The engine verticle, deployed as a worker: runs {@link Engine#process} for each poll handed over by the
 * {@link PollLoop} and publishes the results. Tasks run one at a time, in order, on the verticle's worker context,
 * so the engine and its per-stream state are confined to that context.
 */
public final class EngineVerticle extends AbstractVerticle {
    private final Engine engine;
    private final KafkaProducer<byte[], byte[]> producer;
    private volatile Context engineContext;

    public EngineVerticle(Engine engine, KafkaProducer<byte[], byte[]> producer) {
        this.engine = engine;
        this.producer = producer;
    }

    @Override
    public void start() {
        engineContext = context;
    }

    /**
     * Processes and publishes one poll's records on the engine's context. Completes when every output record is
     * acknowledged by the broker, with the offsets that may then be committed.
     */
    public CompletableFuture<Engine.BatchOutput> submit(List<ConsumerRecord<byte[], byte[]>> records) {
        CompletableFuture<Engine.BatchOutput> done = new CompletableFuture<>();
        Context ctx = engineContext;
        if (ctx == null) {
            done.completeExceptionally(new IllegalStateException("engine verticle is not deployed"));
            return done;
        }
        ctx.runOnContext(v -> {
            try {
                long t0 = System.nanoTime();
                Engine.BatchOutput out = engine.process(records);
                Future<?>[] acks = new Future<?>[out.records().size()];
                int i = 0;
                for (ProducerRecord<byte[], byte[]> r : out.records()) {
                    acks[i++] = producer.send(r);
                }
                producer.flush();
                for (Future<?> ack : acks) {
                    RecordMetadata unused = (RecordMetadata) ack.get();
                }
                engine.stats().recordBatchTime(records.size(), System.nanoTime() - t0);
                done.complete(out);
            } catch (ExecutionException e) {
                done.completeExceptionally(e.getCause());
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return done;
    }

    public io.beliefstream.streams.EngineStats stats() {
        return engine.stats();
    }

    /** Forgets revoked partitions' streams, on the engine's context. */
    public CompletableFuture<Void> dropPartitions(List<Integer> partitions) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        engineContext.runOnContext(v -> {
            engine.dropPartitions(partitions);
            done.complete(null);
        });
        return done;
    }
}
