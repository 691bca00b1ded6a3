package io.beliefstream.models.internal;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A text progress bar that knows whether its output is a terminal. On a terminal it redraws one line in place
 * (carriage-return frames); into a log file or a pipe, where carriage returns pile up as garbage, it writes a plain
 * line at most every {@link #PLAIN_INTERVAL_NANOS} instead, and lines that close a stage ({@link #line}) start
 * without a carriage return.
 */
public final class ProgressBar {
    /** Shortest time between two plain progress lines when the output is not a terminal: 30 s. */
    public static final long PLAIN_INTERVAL_NANOS = 30_000_000_000L;
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanoClock;
    private long lastPlain;
    private boolean frameOpen;

    /**
     * A bar on {@code out}, drawn in place only when the JVM has a console (stdin and stdout are a terminal) and
     * {@code out} is the standard output or error.
     */
    public static ProgressBar on(PrintStream out) {
        return new ProgressBar(out, System.console() != null && (out == System.out || out == System.err),
                System::nanoTime);
    }

    /** A bar with the terminal decision and the clock given (tests). */
    public ProgressBar(PrintStream out, boolean terminal, LongSupplier nanoClock) {
        this.out = out;
        this.terminal = terminal;
        this.nanoClock = nanoClock;
        this.lastPlain = nanoClock.getAsLong();
    }

    public boolean terminal() {
        return terminal;
    }

    /**
     * Progress {@code done} of {@code total} of the stage {@code label}, with a {@code suffix} (e.g. a running loss).
     * On a terminal at most 20 frames per stage are drawn; otherwise one plain line per interval.
     */
    public void update(String label, long done, long total, String suffix) {
        if (terminal) {
            long every = Math.max(1, total / 20);
            if (done % every != 0 && done != total) {
                return;
            }
            int filled = (int) (WIDTH * Math.min(done, total) / Math.max(1, total));
            out.printf(Locale.ROOT, "\r%s [%s%s] %d/%d  %s", label, "#".repeat(filled), " ".repeat(WIDTH - filled),
                    done, total, suffix);
            out.flush();
            frameOpen = true;
            return;
        }
        long now = nanoClock.getAsLong();
        if (now - lastPlain >= PLAIN_INTERVAL_NANOS) {
            lastPlain = now;
            out.printf(Locale.ROOT, "%s %d/%d  %s%n", label, done, total, suffix);
        }
    }

    /** A whole line (a stage's result) that replaces the bar's frame on a terminal. */
    public void line(String text) {
        out.print((frameOpen ? "\r" : "") + text + System.lineSeparator());
        frameOpen = false;
        out.flush();
    }
}
