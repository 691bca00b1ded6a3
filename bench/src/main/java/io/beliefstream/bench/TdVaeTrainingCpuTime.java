package io.beliefstream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Thread-CPU-time companion to {@link TdVaeTrainingBenchmark}: runs the same benchmark body (a new batch of 64
 * windows × 50, then one training step) and reports CPU milliseconds of the calling thread per step, mean and best
 * of 10 blocks, after a warm-up. On the shared, oversubscribed build machine wall-clock JMH scores include time spent
 * waiting for a core; thread CPU time does not.
 *
 * <p>Run: {@code OMP_NUM_THREADS=1 java -cp bench/target/benchmarks.jar io.beliefstream.bench.TdVaeTrainingCpuTime
 * [steps per block, default 30] [engine java|samediff, default java] [sizes default,public,residual]}
 */
public final class TdVaeTrainingCpuTime {
    private TdVaeTrainingCpuTime() {}

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        String engine = args.length > 1 ? args[1] : "java";
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String[] sizeList = args.length > 2 ? args[2].split(",") : new String[] {"default", "public"};
        for (String sizes : sizeList) {
            for (int pairs : new int[] {1, 4, 16}) {
                TdVaeTrainingBenchmark b = new TdVaeTrainingBenchmark();
                b.sizes = sizes;
                b.pairsPerWindow = pairs;
                b.engine = engine;
                b.setUp();
                for (int i = 0; i < 10 * reps; i++) {
                    b.trainingStep();
                }
                double sum = 0;
                double best = Double.POSITIVE_INFINITY;
                long w0 = System.nanoTime();
                for (int block = 0; block < 10; block++) {
                    long c0 = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < reps; i++) {
                        b.trainingStep();
                    }
                    double ms = (mx.getCurrentThreadCpuTime() - c0) / 1e6 / reps;
                    sum += ms;
                    best = Math.min(best, ms);
                }
                double wall = (System.nanoTime() - w0) / 1e6 / (10.0 * reps);
                System.out.printf("%s engine, %s sizes, batch 64 x 50, %2d pairs/window: CPU %.1f ms/step mean "
                        + "(best block %.1f), wall %.1f ms%n", engine, sizes, pairs, sum / 10, best, wall);
            }
        }
    }
}
