package io.beliefstream.streams.internal;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Which errors of the poll loop and its transactions the engine recovers from by itself (docs/engine.md, "Broker
 * outages") and which stop the instance.
 *
 * <p>The cause chain is walked from the outside in and the first exception of a known kind decides (the producer
 * wraps the error that put a transaction in an error state in a plain {@link KafkaException}):
 * <ul>
 *   <li><b>recover</b>: the broker or a coordinator did not answer in time or not yet ({@link TimeoutException},
 *       every {@link RetriableException}); the transaction was aborted or must be ({@link TransactionAbortableException},
 *       {@link InvalidProducerEpochException}, {@link UnknownProducerIdException}); the consumer's group generation
 *       moved on while the broker was away ({@link CommitFailedException}, {@link RebalanceInProgressException});
 *       and a {@link ProducerFencedException} of a transaction that had been open longer than the transaction
 *       timeout, which is what the coordinator answers after it aborted such a transaction by itself;</li>
 *   <li><b>stop</b>: real fencing, i.e. another instance took this one's transactional id or static group membership
 *       ({@link ProducerFencedException} within the transaction timeout, {@link FencedInstanceIdException}), wrong
 *       credentials or settings ({@link AuthenticationException}, {@link AuthorizationException},
 *       {@link InvalidConfigurationException}, {@link UnsupportedVersionException}), interruption, and everything
 *       else (a bug is not fixed by trying again).</li>
 * </ul>
 */
public final class KafkaFailures {
    /** What to do about an error. */
    public enum Verdict {
        /** Abort, renew the producer, rewind to the committed offsets, restore, resume. */
        RECOVER,
        /** Stop this instance (as before recovery existed). */
        STOP
    }

    private KafkaFailures() {}

    /**
     * The verdict on {@code error}.
     *
     * @param transactionOutlivedTimeout whether the transaction during which the error arose had been open for at
     *     least the producer's {@code transaction.timeout.ms}, so that the coordinator may have aborted it by itself
     */
    public static Verdict classify(Throwable error, boolean transactionOutlivedTimeout) {
        boolean outlived = transactionOutlivedTimeout;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EngineVerticle.CommitException c) {
                outlived |= c.outlivedTimeout();
                continue;
            }
            if (t instanceof ProducerFencedException) {
                return outlived ? Verdict.RECOVER : Verdict.STOP;
            }
            if (t instanceof FencedInstanceIdException || t instanceof AuthenticationException
                    || t instanceof AuthorizationException || t instanceof InvalidConfigurationException
                    || t instanceof UnsupportedVersionException || t instanceof InterruptException
                    || t instanceof WakeupException || t instanceof InterruptedException) {
                return Verdict.STOP;
            }
            if (t instanceof TimeoutException || t instanceof RetriableException
                    || t instanceof TransactionAbortableException || t instanceof InvalidProducerEpochException
                    || t instanceof UnknownProducerIdException || t instanceof CommitFailedException
                    || t instanceof RebalanceInProgressException) {
                return Verdict.RECOVER;
            }
            if (t.getClass() != KafkaException.class && !(t instanceof java.util.concurrent.CompletionException)
                    && !(t instanceof java.util.concurrent.ExecutionException)) {
                return Verdict.STOP; // a specific error that is none of the above
            }
        }
        return Verdict.STOP;
    }
}
