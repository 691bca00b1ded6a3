package io.beliefstream.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.beliefstream.streams.internal.KafkaFailures.Verdict;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.junit.jupiter.api.Test;

/** Which Kafka errors the poll loop recovers from and which stop the instance (docs/engine.md, "Broker outages"). */
class KafkaFailuresTest {

    @Test
    void shouldRecoverFromTheTimeoutOfABrokerOutage() {
        // what a 2-minute outage threw before recovery existed
        TimeoutException sendOffsets = new TimeoutException(
                "Timeout expired after 60000ms while awaiting SendOffsetsToTransaction");
        assertThat(KafkaFailures.classify(sendOffsets, false)).isEqualTo(Verdict.RECOVER);
        assertThat(KafkaFailures.classify(new EngineVerticle.CommitException(sendOffsets, false), false))
                .isEqualTo(Verdict.RECOVER);
        // commitTransaction after a send expired: the producer wraps the send's error in a plain KafkaException
        KafkaException wrapped = new KafkaException("Cannot execute transactional method because we are in an error "
                + "state", new TimeoutException("Expiring 12 record(s): 120000 ms has passed since batch creation"));
        assertThat(KafkaFailures.classify(wrapped, false)).isEqualTo(Verdict.RECOVER);
        // a rebalance callback's failure reaches the poll loop wrapped twice
        assertThat(KafkaFailures.classify(new KafkaException("User rebalance callback throws an error",
                new CompletionException(new TimeoutException("committed offsets"))), false))
                .isEqualTo(Verdict.RECOVER);
    }

    @Test
    void shouldRecoverFromRetriableAndAbortableTransactionErrors() {
        for (RuntimeException e : new RuntimeException[] {new CoordinatorNotAvailableException("coordinator"),
                new NotLeaderOrFollowerException("leader moved"), new TransactionAbortableException("abort"),
                new InvalidProducerEpochException("epoch bumped by a timeout"), new UnknownProducerIdException("pid"),
                new CommitFailedException("the group generation moved on")}) {
            assertThat(KafkaFailures.classify(e, false)).as(e.getClass().getSimpleName()).isEqualTo(Verdict.RECOVER);
        }
    }

    @Test
    void shouldStopOnRealFencingButRecoverWhenTheCoordinatorTimedTheTransactionOut() {
        ProducerFencedException fenced = new ProducerFencedException("There is a newer producer with the same "
                + "transactionalId which fences the current one.");
        // within the transaction timeout only another instance with the same transactional id can have fenced it
        assertThat(KafkaFailures.classify(fenced, false)).isEqualTo(Verdict.STOP);
        assertThat(KafkaFailures.classify(new EngineVerticle.CommitException(fenced, false), false))
                .isEqualTo(Verdict.STOP);
        // open longer than the timeout: the coordinator aborts it and bumps the epoch by itself
        assertThat(KafkaFailures.classify(new EngineVerticle.CommitException(fenced, true), false))
                .isEqualTo(Verdict.RECOVER);
        assertThat(KafkaFailures.classify(new KafkaException("wrapped", fenced), true)).isEqualTo(Verdict.RECOVER);
        // another instance with the same static group membership is real fencing whatever the age
        assertThat(KafkaFailures.classify(new EngineVerticle.CommitException(
                new FencedInstanceIdException("instance id taken"), true), false)).isEqualTo(Verdict.STOP);
    }

    @Test
    void shouldStopOnSettingsCredentialsAndEverythingUnknown() {
        for (RuntimeException e : new RuntimeException[] {new AuthenticationException("bad password"),
                new TopicAuthorizationException("no write"), new TransactionalIdAuthorizationException("no txn"),
                new UnsupportedVersionException("old broker"), new IllegalStateException("a bug"),
                new KafkaException("plain, no cause"), new NullPointerException()}) {
            assertThat(KafkaFailures.classify(e, false)).as(e.getClass().getSimpleName()).isEqualTo(Verdict.STOP);
        }
        // a bug in processing wraps whatever it met: the engine's state is not known to be clean
        assertThat(KafkaFailures.classify(new IllegalStateException("processing a batch failed; stopping",
                new TimeoutException("t")), false)).isEqualTo(Verdict.STOP);
    }
}
