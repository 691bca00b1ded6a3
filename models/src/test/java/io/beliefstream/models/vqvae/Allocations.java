package io.beliefstream.models.vqvae;

/** Test helper: heap bytes the current thread allocates per call of a step, after a warm-up that lets C2 compile it. */
final class Allocations {
    private Allocations() {}

    /** Runs {@code step} {@code warmup} times, then returns the mean bytes allocated over {@code calls} more runs. */
    static long perCall(Runnable step, int warmup, int calls) {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warmup; i++) {
            step.run();
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < calls; i++) {
            step.run();
        }
        return (mx.getCurrentThreadAllocatedBytes() - before) / calls;
    }
}
