package io.beliefstream.models.vqvae.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class PairWorkerTest {

    @Test
    void shouldRunEveryTaskExactlyOnceInEveryJob() {
        PairWorker worker = PairWorker.forCurrentThread();
        assertThat(PairWorker.forCurrentThread()).isSameAs(worker);
        for (int job = 0; job < 2000; job++) {
            int count = 1 + job % 17;
            AtomicIntegerArray runs = new AtomicIntegerArray(count);
            worker.run((slot, index) -> {
                assertThat(slot).isBetween(0, 1);
                runs.incrementAndGet(index);
            }, count);
            for (int i = 0; i < count; i++) {
                assertThat(runs.get(i)).as("job %d task %d", job, i).isEqualTo(1);
            }
        }
    }

    @Test
    void shouldRethrowATaskFailureInTheCaller() {
        PairWorker worker = PairWorker.forCurrentThread();
        assertThatThrownBy(() -> worker.run((slot, index) -> {
            if (index == 5) {
                throw new IllegalStateException("task 5");
            }
        }, 8)).isInstanceOf(IllegalStateException.class).hasMessage("task 5");
        int[] sum = new int[1];
        worker.run((slot, index) -> {
            synchronized (sum) {
                sum[0] += index;
            }
        }, 8);
        assertThat(sum[0]).isEqualTo(28); // still usable after a failure
    }

    @Test
    void shouldOnlyBeUsedByItsOwnThread() throws Exception {
        PairWorker worker = PairWorker.forCurrentThread();
        Throwable[] seen = new Throwable[1];
        Thread other = new Thread(() -> {
            try {
                worker.run((slot, index) -> { }, 2);
            } catch (Throwable t) {
                seen[0] = t;
            }
        });
        other.start();
        other.join();
        assertThat(seen[0]).isInstanceOf(IllegalStateException.class);
    }
}
