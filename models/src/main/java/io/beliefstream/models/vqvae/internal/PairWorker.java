package io.beliefstream.models.vqvae.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Two-thread fork/join for the VQ hot path: the calling thread and one helper thread run the tasks
 * {@code 0 .. count − 1} of a job, each task claimed once through a shared counter. There is one worker (one helper)
 * per calling thread ({@link #forCurrentThread()}), shared by the nearest-code search and the codebook update, which
 * that thread calls one after the other.
 *
 * <p>The caller never waits for tasks the helper has not claimed: if the helper is not scheduled (a loaded machine)
 * the caller runs every task itself and waits at most for the one task the helper is running. After a job the helper
 * spins for {@link #SPIN_NANOS} before it parks, so the next job of the same batch (search → EMA accumulation → EMA
 * step → codes) finds it awake: waking a parked thread can cost tens to hundreds of microseconds on a virtual
 * machine whose idle core has been halted ({@code docs/benchmarks.md}, "VQ hot path"). The
 * helper stops when its calling thread has ended.
 *
 * <p>Not thread-safe: only the thread the worker belongs to calls {@link #run}. Jobs must not nest.
 */
public final class PairWorker {
    /** How long the helper spins for the next job before it parks. */
    public static final long SPIN_NANOS = 300_000;

    private static final int CLOSED = Integer.MAX_VALUE;
    private static final ThreadLocal<PairWorker> WORKERS = ThreadLocal.withInitial(PairWorker::new);

    /** One task of a job, run by the thread of {@code slot} (0 = the caller, 1 = the helper). */
    @FunctionalInterface
    public interface Task {
        void run(int slot, int index);
    }

    // generation in the high 32 bits, next task in the low 32 bits (CLOSED while a job is being set up)
    private final AtomicLong ticket = new AtomicLong(CLOSED);
    private final AtomicInteger completed = new AtomicInteger();
    private final Thread owner;
    private final Thread helper;
    private volatile boolean helperParked;
    private volatile boolean ownerWaiting;
    private volatile Throwable failure;
    // the current job (written before the ticket is opened)
    private Task task;
    private int count;
    private int generation;

    private PairWorker() {
        this.owner = Thread.currentThread();
        this.helper = new Thread(this::helperLoop, "vq-pair-helper-" + owner.getName());
        helper.setDaemon(true);
        helper.start();
    }

    /** The worker of the calling thread (its helper thread is started on first use). */
    public static PairWorker forCurrentThread() {
        return WORKERS.get();
    }

    /** Runs tasks {@code 0 .. count − 1} on this thread and the helper; returns when all have run. */
    public void run(Task job, int tasks) {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a PairWorker is used only by the thread that created it");
        }
        if (tasks <= 0) {
            return;
        }
        int next = generation + 1;
        ticket.set((long) next << 32 | CLOSED);
        this.task = job;
        this.count = tasks;
        this.generation = next;
        failure = null;
        completed.set(0);
        ticket.set((long) next << 32);
        if (tasks > 1 && helperParked) {
            LockSupport.unpark(helper);
        }
        claim(0, next);
        awaitCompletion(tasks);
        this.task = null;
        Throwable f = failure;
        if (f != null) {
            if (f instanceof RuntimeException re) {
                throw re;
            }
            if (f instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException("VQ helper task failed", f);
        }
    }

    /** Claims and runs tasks of the job of {@code gen} until none is left. */
    private void claim(int slot, int gen) {
        while (true) {
            long t = ticket.get();
            int index = (int) t;
            if ((int) (t >>> 32) != gen || index == CLOSED || index >= count) {
                return;
            }
            if (!ticket.compareAndSet(t, t + 1)) {
                continue;
            }
            try {
                task.run(slot, index);
            } catch (Throwable ex) {
                failure = ex;
            } finally {
                if (completed.incrementAndGet() == count && slot != 0 && ownerWaiting) {
                    LockSupport.unpark(owner);
                }
            }
        }
    }

    private void awaitCompletion(int tasks) {
        int spins = 0;
        while (completed.get() < tasks) {
            if (++spins < 2000) { // at most the one task the helper is running
                Thread.onSpinWait();
            } else {
                ownerWaiting = true;
                if (completed.get() < tasks) {
                    LockSupport.parkNanos(this, 1_000_000);
                }
                ownerWaiting = false;
            }
        }
    }

    private void helperLoop() {
        int seen = 0;
        while (owner.isAlive()) {
            long t = ticket.get();
            int gen = (int) (t >>> 32);
            if (gen != seen && (int) t != CLOSED) {
                seen = gen;
                claim(1, gen);
                continue;
            }
            // wait for the next job: spin a little, then park
            long start = System.nanoTime();
            boolean found = false;
            while (System.nanoTime() - start < SPIN_NANOS) {
                if ((int) (ticket.get() >>> 32) != seen) {
                    found = true;
                    break;
                }
                Thread.onSpinWait();
            }
            if (!found) {
                helperParked = true;
                if ((int) (ticket.get() >>> 32) == seen) {
                    LockSupport.parkNanos(this, 1_000_000_000L); // woken by run(); the timeout checks the owner
                }
                helperParked = false;
            }
        }
    }
}
