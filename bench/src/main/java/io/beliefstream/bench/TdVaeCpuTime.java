package io.beliefstream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Thread-CPU-time companion to {@link TdVaeServingBenchmark}: runs the same benchmark body (one serving step of a
 * batch) for every size and batch of that benchmark and reports CPU microseconds of the calling thread per stream,
 * mean and best over blocks of steps (each block covers at least 4096 stream-steps). On a shared, oversubscribed
 * machine the wall-clock JMH score includes time spent waiting for a core; thread CPU time does not.
 *
 * <p>Run one size and batch per JVM, as JMH forks do: C2 compiles the loops with the trip counts it profiled first,
 * and loops first run with one stream per tile are not unrolled or vectorised later (measured: a JVM that ran B = 1
 * first served B = 1024 at 9 µs per stream instead of 3).
 *
 * <p>Run: {@code OMP_NUM_THREADS=1 java -cp bench/target/benchmarks.jar io.beliefstream.bench.TdVaeCpuTime
 * [blocks [sizes,… [batches,… [horizons,… [calibration]]]]]}, e.g. {@code 60 default 1024 3,96 conformal}
 * (horizons 3 = {1, 5, 20}, 96 = 1..96; calibration {@code conformal} or {@code none}).
 */
public final class TdVaeCpuTime {
    private TdVaeCpuTime() {}

    public static void main(String[] args) {
        int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String[] sizeList = args.length > 1 ? args[1].split(",") : new String[] {"default", "public", "last-value"};
        String[] batchList = args.length > 2 ? args[2].split(",") : new String[] {"1024", "64", "1"};
        String[] horizonList = args.length > 3 ? args[3].split(",") : new String[] {"3"};
        String calibration = args.length > 4 ? args[4] : "conformal";
        for (String sizes : sizeList) {
            for (String batchText : batchList) {
                for (String horizons : horizonList) {
                    int batch = Integer.parseInt(batchText);
                    TdVaeServingBenchmark b = new TdVaeServingBenchmark();
                    b.sizes = sizes;
                    b.batch = batch;
                    b.horizons = Integer.parseInt(horizons);
                    b.calibration = calibration;
                    b.setUp();
                    int steps = Math.max(1, 4096 / batch);
                    float sink = 0;
                    for (int i = 0; i < blocks / 2; i++) {
                        for (int s = 0; s < steps; s++) {
                            sink += b.step().mean[0];
                        }
                }
                long best = Long.MAX_VALUE;
                long total = 0;
                for (int i = 0; i < blocks; i++) {
                    long c0 = mx.getCurrentThreadCpuTime();
                    for (int s = 0; s < steps; s++) {
                        sink += b.step().mean[0];
                    }
                    long c = mx.getCurrentThreadCpuTime() - c0;
                    best = Math.min(best, c);
                    total += c;
                }
                double perStream = 1e3 * steps * batch;
                System.out.printf("%-10s B=%-5d horizons=%-3s %s CPU µs per stream: mean %.3f  best %.3f%s%n", sizes,
                        batch, horizons, calibration, total / perStream / blocks, best / perStream,
                        sink == 42 ? " " : "");
                }
            }
        }
    }
}
