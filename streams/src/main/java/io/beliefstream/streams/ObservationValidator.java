package io.beliefstream.streams;

import io.beliefstream.streams.internal.ObservationDecoder;

/**
 * The engine's validation of one observation record (schema {@link Schemas#OBSERVATION_V1}), for a producer that
 * wants to refuse what the engine would dead-letter before it is written: the gateway's ingest. The checks that need
 * no stream state: key (UTF-8, at most 256 bytes), record size, JSON shape, field types, finiteness, the range of
 * values and of timestamps. The model's input dimension and the timestamp order within a stream are checked by the
 * engine, which knows the model and the stream.
 *
 * <p>Not thread-safe (it reuses parse buffers): one validator per thread.
 */
public final class ObservationValidator {
    /**
     * What validation found: exactly one of {@code observation} and {@code reason} is set.
     *
     * @param observation the decoded observation, or {@code null} when refused
     * @param reason why the record is refused (the dead-letter reason the engine would give), or {@code null}
     * @param detail a human-readable detail of the refusal, or {@code null}
     */
    public record Outcome(Observation observation, DeadLetterReason reason, String detail) {
        /** Whether the record passed. */
        public boolean valid() {
            return reason == null;
        }
    }

    private final ObservationDecoder decoder;

    /** A validator refusing records whose value exceeds {@code maxRecordBytes} (as {@link EngineConfig#maxRecordBytes()}). */
    public ObservationValidator(int maxRecordBytes) {
        this.decoder = new ObservationDecoder(maxRecordBytes);
    }

    /** Validates a record's key and value. Never throws: whatever the bytes, the outcome is an observation or a reason. */
    public Outcome validate(byte[] key, byte[] value) {
        ObservationDecoder.Result r = decoder.decode(key, value, -1, -1);
        return new Outcome(r.observation(), r.reason(), r.detail());
    }
}
