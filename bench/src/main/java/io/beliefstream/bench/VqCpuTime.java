package io.beliefstream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.IntSupplier;

/**
 * Thread-CPU-time companion to the JMH benchmarks {@link CodebookBenchmark} and {@link VqServingBenchmark}: runs the
 * same benchmark bodies and reports, per vector / per stream, CPU microseconds of the calling thread, CPU
 * microseconds of the whole process (which includes the nearest-code helper thread when {@code threads = 2}, and also
 * any JIT or GC work) and wall microseconds. On a shared, oversubscribed machine wall-clock JMH scores include time
 * spent waiting for a core; CPU time does not (with {@code OMP_NUM_THREADS=1} OpenBLAS runs in the thread that calls
 * it, so its work is included).
 *
 * <p>Run: {@code OMP_NUM_THREADS=1 java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar
 * io.beliefstream.bench.VqCpuTime [reps]} (without the module flag the nearest-code scan is the scalar one, as in a
 * JVM started without it; the JMH benchmarks add the flag to their forks).
 */
public final class VqCpuTime {
    private VqCpuTime() {}

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        try {
            run(reps);
        } finally {
            System.out.printf("load average (1 min) at end: %.2f%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static void run(int reps) {
        System.out.printf("load average (1 min) at start: %.2f, processors: %d%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        System.out.printf("%-88s %s%n", "", "thread CPU mean (best) | process CPU mean | wall mean (best)");
        for (int threads = 1; threads <= 2; threads++) {
            CodebookBenchmark cb = new CodebookBenchmark();
            cb.batch = 1024;
            cb.codes = 512;
            cb.dim = 64;
            cb.threads = threads;
            cb.setUp();
            report("nearestCode (B=1024, K=512, D=64, threads=" + threads + "), µs/vector", cb::nearestCode, reps,
                    cb.batch);
            long restarts0 = cb.stats().restarts();
            long updates0 = cb.stats().updates();
            report("nearestCodeAndEmaUpdate (B=1024, K=512, D=64, threads=" + threads + "), µs/vector",
                    cb::nearestCodeAndEmaUpdate, reps, cb.batch);
            System.out.printf("  (%d restarts in %d updates; %s)%n", cb.stats().restarts() - restarts0,
                    cb.stats().updates() - updates0, cb.stats());
        }
        for (String model : new String[] {"default", "w32-h128-d64-k512"}) {
            for (int threads = 1; threads <= 2; threads++) {
                VqServingBenchmark vs = new VqServingBenchmark();
                vs.batch = 1024;
                vs.model = model;
                vs.threads = threads;
                vs.setUp();
                String what = model + " (B=1024, threads=" + threads + "), µs/stream";
                report("serving step incl. codebook update, " + what, vs::servingStep, reps, vs.batch);
                report("serving score only, " + what, vs::scoreOnly, reps, vs.batch);
            }
        }
    }

    private static void report(String name, IntSupplier op, int reps, int perOp) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int sink = 0;
        for (int i = 0; i < reps / 2; i++) {
            sink += op.getAsInt();
        }
        long best = Long.MAX_VALUE;
        long total = 0;
        long wallBest = Long.MAX_VALUE;
        long p0 = os.getProcessCpuTime();
        long w0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            sink += op.getAsInt();
            wallBest = Math.min(wallBest, System.nanoTime() - t0);
            long c = mx.getCurrentThreadCpuTime() - c0;
            best = Math.min(best, c);
            total += c;
        }
        long wall = System.nanoTime() - w0;
        long process = os.getProcessCpuTime() - p0;
        double n = (double) reps * perOp;
        System.out.printf("%-88s %.3f (%.3f) | %.3f | %.3f (%.3f)%s%n", name, total / 1e3 / n, best / 1e3 / perOp,
                process / 1e3 / n, wall / 1e3 / n, wallBest / 1e3 / perOp, sink == 42 ? " " : "");
    }
}
