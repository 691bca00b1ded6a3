package io.beliefstream.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The demo producer: replays the real NAB series {@code nyc_taxi} (shipped in the jar) and several synthetic noisy
 * harmonic oscillators into the observations topic at a bounded rate, and once, after a warm-up, a fixed set of
 * deliberately malformed records (one per kind of bad input) so the dead-letter path shows. With
 * {@link #withMachine}, also one multivariate stream ({@link Machine}) into the topic of the engine that serves it.
 */
final class DemoFeed implements Runnable {
    /** The stream id the real series is published under. */
    static final String TAXI_STREAM = "nyc_taxi";
    private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final long OSCILLATOR_START = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    private static final long OSCILLATOR_STEP_MS = 1000;
    /** Rounds of good records before the malformed ones go out. */
    private static final int WARM_UP_ROUNDS = 20;

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final double roundsPerSecond;
    private final long[] taxiTimes;
    private final float[] taxiValues;
    private final Oscillator[] oscillators;
    private final AtomicLong validSent = new AtomicLong();
    private final AtomicLong malformedSent = new AtomicLong();
    private volatile boolean running = true;
    /** The multivariate stream's observations topic, or {@code null} for none. */
    private volatile String machineTopic;
    private final Machine machine;

    DemoFeed(String bootstrap, String topic, int oscillatorStreams, double observationsPerSecond, long seed) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "linger.ms", 5, "acks", "all",
                "client.id", "beliefstream-demo-feed"), new ByteArraySerializer(), new ByteArraySerializer());
        this.roundsPerSecond = observationsPerSecond / (oscillatorStreams + 1);
        List<long[]> rows = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        try (InputStream in = DemoFeed.class.getResourceAsStream("/demo/nyc_taxi.csv")) {
            if (in == null) {
                throw new IllegalStateException("the demo series /demo/nyc_taxi.csv is missing from the jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line = r.readLine(); // header
            while ((line = r.readLine()) != null) {
                int comma = line.indexOf(',');
                rows.add(new long[] {LocalDateTime.parse(line.substring(0, comma), NAB_TIME)
                    .toInstant(ZoneOffset.UTC).toEpochMilli()});
                values.add(Float.parseFloat(line.substring(comma + 1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        taxiTimes = rows.stream().mapToLong(a -> a[0]).toArray();
        taxiValues = new float[values.size()];
        for (int i = 0; i < taxiValues.length; i++) {
            taxiValues[i] = values.get(i);
        }
        Random random = new Random(seed);
        machine = new Machine(new Random(seed - 1));
        oscillators = new Oscillator[oscillatorStreams];
        for (int i = 0; i < oscillatorStreams; i++) {
            // periods from 12 to ~100 steps, noise from 2% to 20% of the amplitude
            double period = 12 + 88.0 * i / Math.max(1, oscillatorStreams - 1);
            oscillators[i] = new Oscillator("oscillator-" + i, 2 * Math.PI / period, 0.02 + 0.18 * random.nextDouble(),
                    new Random(seed + 1 + i));
        }
    }

    /** The malformed records the demo sends, one of each kind of bad input the engine refuses. */
    static List<String[]> malformedRecords() {
        long t = OSCILLATOR_START + WARM_UP_ROUNDS * OSCILLATOR_STEP_MS;
        return List.of(
                new String[] {"oscillator-0", "{\"timestamp\": " + t + ", \"values\": [0.5"},  // truncated JSON
                new String[] {"oscillator-0", "{\"values\": [0.5]}"},                          // no timestamp
                new String[] {"oscillator-0", "{\"timestamp\": " + t + ", \"values\": [NaN]}"}, // not finite
                new String[] {"oscillator-0", "{\"timestamp\": " + t + ", \"values\": [0.5, 0.7]}"}, // dimension
                new String[] {null, "{\"timestamp\": " + t + ", \"values\": [0.5]}"},          // no stream id
                new String[] {"oscillator-0", "{\"timestamp\": " + (t - 86_400_000L) + ", \"values\": [0.5]}"}); // back
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        long round = 0;
        try {
            while (running) {
                int ti = (int) (round % taxiTimes.length);
                long lap = round / taxiTimes.length;
                long taxiTime = taxiTimes[ti] + lap * (taxiTimes[taxiTimes.length - 1] - taxiTimes[0] + 1_800_000L);
                send(TAXI_STREAM, taxiTime, taxiValues[ti]);
                for (Oscillator o : oscillators) {
                    send(o.id, OSCILLATOR_START + round * OSCILLATOR_STEP_MS, o.next());
                }
                String m = machineTopic;
                if (m != null) {
                    sendValues(m, Machine.STREAM, OSCILLATOR_START + round * Machine.STEP_MS, machine.next(round));
                }
                round++;
                if (round == WARM_UP_ROUNDS) {
                    for (String[] bad : malformedRecords()) {
                        producer.send(new ProducerRecord<>(topic,
                                bad[0] == null ? null : bad[0].getBytes(StandardCharsets.UTF_8),
                                bad[1].getBytes(StandardCharsets.UTF_8)));
                        malformedSent.incrementAndGet();
                    }
                }
                long due = start + (long) (round / roundsPerSecond * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            producer.flush();
        }
    }

    private void send(String stream, long timestamp, float value) {
        sendValues(topic, stream, timestamp, new float[] {value});
    }

    private void sendValues(String to, String stream, long timestamp, float[] values) {
        StringBuilder json = new StringBuilder("{\"timestamp\":").append(timestamp).append(",\"values\":[");
        for (int i = 0; i < values.length; i++) {
            json.append(i == 0 ? "" : ",").append(values[i]);
        }
        producer.send(new ProducerRecord<>(to, stream.getBytes(StandardCharsets.UTF_8),
                json.append("]}").toString().getBytes(StandardCharsets.UTF_8)));
        validSent.incrementAndGet();
    }

    /** Also feeds the multivariate {@link Machine} stream into {@code observationsTopic}; call before the feed runs. */
    DemoFeed withMachine(String observationsTopic) {
        this.machineTopic = observationsTopic;
        return this;
    }

    /** Stops the loop; the last records are flushed by the feed thread. */
    void stop() {
        running = false;
    }

    void close() {
        producer.close(Duration.ofSeconds(5));
    }

    long validSent() {
        return validSent.get();
    }

    long malformedSent() {
        return malformedSent.get();
    }

    int streamCount() {
        return oscillators.length + 1 + (machineTopic == null ? 0 : 1);
    }

    /**
     * A synthetic server with {@value #DIMS} metrics, one observation a minute: {@code values[0]} CPU load (%),
     * {@code [1]} memory in use (GB, a slow leak reset every 2,000 steps), {@code [2]} request latency (ms),
     * {@code [3]} errors per second; CPU and latency follow a 4-hour cycle. An incident every 400 steps (steps 350 to
     * 357 of each 400) raises the latency by 80 ms and nothing else, so the dashboard shows the predictions naming
     * dimension 2.
     */
    static final class Machine {
        static final String STREAM = "machine-1";
        static final int DIMS = 4;
        static final long STEP_MS = 60_000L;
        static final int INCIDENT_EVERY = 400;
        static final int INCIDENT_FROM = 350;
        static final int INCIDENT_STEPS = 8;
        private final Random random;

        Machine(Random random) {
            this.random = random;
        }

        static boolean incident(long step) {
            long k = step % INCIDENT_EVERY;
            return k >= INCIDENT_FROM && k < INCIDENT_FROM + INCIDENT_STEPS;
        }

        float[] next(long step) {
            double cycle = 2 * Math.PI * step / 240.0;
            return new float[] {
                (float) (40 + 15 * Math.sin(cycle) + 2 * random.nextGaussian()),
                (float) (8 + 0.002 * (step % 2000) + 0.05 * random.nextGaussian()),
                (float) (120 + 30 * Math.sin(cycle + 0.5) + 5 * random.nextGaussian() + (incident(step) ? 80 : 0)),
                (float) Math.max(0, 2 + 0.5 * random.nextGaussian())};
        }
    }

    /**
     * A noisy harmonic oscillator: phase advances by {@code omega} plus a small random jitter each step; the
     * observation is {@code sin(phase)} plus Gaussian noise of standard deviation {@code noise}.
     */
    private static final class Oscillator {
        final String id;
        final double omega;
        final double noise;
        final Random random;
        double phase;

        Oscillator(String id, double omega, double noise, Random random) {
            this.id = id;
            this.omega = omega;
            this.noise = noise;
            this.random = random;
            this.phase = random.nextDouble() * 2 * Math.PI;
        }

        float next() {
            phase += omega * (1 + 0.02 * random.nextGaussian());
            return (float) (Math.sin(phase) + noise * random.nextGaussian());
        }
    }
}
