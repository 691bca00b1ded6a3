package io.beliefstream.models.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong();

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldWritePlainLinesNowAndThenWithoutCarriageReturnsWhenNotATerminal() {
        ProgressBar bar = new ProgressBar(out, false, clock::get);
        for (int step = 1; step <= 1000; step++) {
            clock.addAndGet(100_000_000L); // 0.1 s per step: 100 s in all
            bar.update("epoch 1/2", step, 1000, "loss 0.5");
        }
        bar.line("epoch 1/2 done");
        String text = text();
        assertThat(text).doesNotContain("\r");
        // one line per 30 s of progress and the closing line
        assertThat(text.lines()).hasSize(4).last().isEqualTo("epoch 1/2 done");
        assertThat(text.lines().findFirst()).hasValue("epoch 1/2 300/1000  loss 0.5");
    }

    @Test
    void shouldRedrawOneLineInPlaceOnATerminal() {
        ProgressBar bar = new ProgressBar(out, true, clock::get);
        for (int step = 1; step <= 100; step++) {
            bar.update("epoch 1/1", step, 100, "loss 0.1");
        }
        bar.line("epoch 1/1 done");
        String text = text();
        assertThat(text.chars().filter(c -> c == '\r').count()).as("20 frames and the closing line").isEqualTo(21);
        assertThat(text).contains("[##############################] 100/100").endsWith("\repoch 1/1 done"
                + System.lineSeparator());
        assertThat(ProgressBar.on(out).terminal()).as("a stream that is not stdout or stderr").isFalse();
    }
}
