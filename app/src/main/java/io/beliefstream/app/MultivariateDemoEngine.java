package io.beliefstream.app;

import io.beliefstream.streams.EngineConfig;
import io.beliefstream.streams.StreamsService;
import io.beliefstream.streams.Topics;

/**
 * The demo's second engine, for its multivariate stream ({@link DemoFeed.Machine}): one engine serves one input
 * dimension, so the machine's {@value DemoFeed.Machine#DIMS}-dimensional observations go to their own topic
 * ({@code <prefix>multivariate.observations}), read by an engine in its own consumer group with the configured
 * models for that dimension (the univariate TD-VAE and window scorer applied per dimension), which publishes into
 * the main predictions topic, so the one gateway and dashboard show every stream.
 */
final class MultivariateDemoEngine implements AutoCloseable {
    final StreamsService streams;
    final Topics topics;

    private MultivariateDemoEngine(StreamsService streams, Topics topics) {
        this.streams = streams;
        this.topics = topics;
    }

    static MultivariateDemoEngine start(ServiceRuntime runtime, Settings settings) {
        Topics main = runtime.engineConfig.topics();
        Topics topics = new Topics(main.prefix() + "multivariate.").withPredictions(main.predictions());
        EngineConfig config = runtime.engineConfig.toBuilder().topics(topics)
                .groupId(runtime.engineConfig.groupId() + "-multivariate").build();
        return new MultivariateDemoEngine(StreamsService.start(runtime.vertx, config,
                ModelLoader.load(settings, DemoFeed.Machine.DIMS)), topics);
    }

    @Override
    public void close() {
        streams.close();
    }
}
