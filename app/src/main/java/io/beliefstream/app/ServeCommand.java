package io.beliefstream.app;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code beliefstream serve}: the service alone, until SIGINT/SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the service: consumes the observations topic, publishes predictions and dead letters, "
                + "serves the HTTP API, the live dashboard, /health and /metrics. Stops cleanly on SIGINT/SIGTERM.",
            "Without --kafka (or BELIEFSTREAM_KAFKA_BOOTSTRAP) an embedded single-node broker starts on 127.0.0.1."})
final class ServeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        Settings settings = common.settings();
        ServiceRuntime runtime = ServiceRuntime.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "beliefstream-shutdown"));
        System.out.printf("BeliefStream serving: kafka %s%s, topic %s, dashboard http://%s:%d/ (API /v1, "
                + "/openapi.json, /health/ready, /metrics)%n", runtime.bootstrap,
                runtime.broker != null ? " (embedded)" : "", runtime.engineConfig.topics().observations(),
                settings.gatewayConfig().host(), runtime.http.port());
        while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            if (!runtime.streams.isRunning()) {
                System.err.println("engine stopped: " + runtime.streams.failure());
                runtime.close();
                return 1;
            }
        }
        return 0;
    }
}
