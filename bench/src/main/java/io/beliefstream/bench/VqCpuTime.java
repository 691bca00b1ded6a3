package io.beliefstream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.IntSupplier;

/**
 * Thread-CPU-time companion to the JMH benchmarks {@link CodebookBenchmark} and {@link VqServingBenchmark}: runs the
 * same benchmark bodies and reports CPU microseconds of the calling thread per vector / per stream. On a shared,
 * oversubscribed machine wall-clock JMH scores include time spent waiting for a core; thread CPU time does not (with
 * {@code OMP_NUM_THREADS=1} OpenBLAS runs in the calling thread, so its work is included).
 *
 * <p>Run: {@code OMP_NUM_THREADS=1 java -cp bench/target/benchmarks.jar io.beliefstream.bench.VqCpuTime}
 */
public final class VqCpuTime {
    private VqCpuTime() {}

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        CodebookBenchmark cb = new CodebookBenchmark();
        cb.batch = 1024;
        cb.codes = 512;
        cb.dim = 64;
        cb.setUp();
        report("codebook nearestCode (B=1024, K=512, D=64), µs/vector", cb::nearestCode, reps, cb.batch);
        long restarts0 = cb.stats().restarts();
        long updates0 = cb.stats().updates();
        report("codebook nearestCodeAndEmaUpdate (B=1024, K=512, D=64), µs/vector", cb::nearestCodeAndEmaUpdate,
                reps, cb.batch);
        System.out.printf("  (%d restarts in %d updates; %s)%n", cb.stats().restarts() - restarts0,
                cb.stats().updates() - updates0, cb.stats());
        for (String model : new String[] {"default", "w32-h128-d64-k512"}) {
            VqServingBenchmark vs = new VqServingBenchmark();
            vs.batch = 1024;
            vs.model = model;
            vs.setUp();
            report("serving step incl. codebook update, model " + model + " (B=1024), µs/stream", vs::servingStep,
                    reps, vs.batch);
            report("serving score only, model " + model + " (B=1024), µs/stream", vs::scoreOnly, reps, vs.batch);
        }
    }

    private static void report(String name, IntSupplier op, int reps, int perOp) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int sink = 0;
        for (int i = 0; i < reps / 2; i++) {
            sink += op.getAsInt();
        }
        long best = Long.MAX_VALUE;
        long total = 0;
        for (int i = 0; i < reps; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            sink += op.getAsInt();
            long c = mx.getCurrentThreadCpuTime() - c0;
            best = Math.min(best, c);
            total += c;
        }
        System.out.printf("%-80s mean %.3f  best %.3f%s%n", name, total / 1e3 / reps / perOp, best / 1e3 / perOp,
                sink == 42 ? " " : "");
    }
}
