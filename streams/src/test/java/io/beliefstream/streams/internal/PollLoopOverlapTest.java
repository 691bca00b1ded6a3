package io.beliefstream.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.beliefstream.streams.EngineConfig.CommitOverlap;
import org.junit.jupiter.api.Test;

/** When the poll thread holds a processed batch back to commit it during the next batch's processing. */
class PollLoopOverlapTest {
    private static final int MAX_POLL = 5000;

    @Test
    void autoShouldCommitAtOnceWhileTheEngineKeepsUp() {
        assertThat(PollLoop.worthOverlapping(CommitOverlap.AUTO, 125, 0, MAX_POLL)).isFalse();
        assertThat(PollLoop.worthOverlapping(CommitOverlap.AUTO, 4999, 4999, MAX_POLL)).isFalse();
    }

    @Test
    void autoShouldOverlapWhenAFullPollWasReadOrAFullPollIsWaiting() {
        assertThat(PollLoop.worthOverlapping(CommitOverlap.AUTO, MAX_POLL, 0, MAX_POLL)).isTrue();
        // a poll and its refetch together can hold up to twice max-poll-records
        assertThat(PollLoop.worthOverlapping(CommitOverlap.AUTO, 2 * MAX_POLL - 1, 0, MAX_POLL)).isTrue();
        assertThat(PollLoop.worthOverlapping(CommitOverlap.AUTO, 300, MAX_POLL, MAX_POLL)).isTrue();
    }

    @Test
    void alwaysAndNeverShouldIgnoreTheLoad() {
        assertThat(PollLoop.worthOverlapping(CommitOverlap.ALWAYS, 1, 0, MAX_POLL)).isTrue();
        assertThat(PollLoop.worthOverlapping(CommitOverlap.NEVER, MAX_POLL, 1_000_000, MAX_POLL)).isFalse();
    }
}
