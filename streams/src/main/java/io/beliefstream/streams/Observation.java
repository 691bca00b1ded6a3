package io.beliefstream.streams;

/**
 * One decoded, validated observation.
 *
 * @param streamId the record key
 * @param timestamp event time in epoch milliseconds
 * @param values the observation vector (finite floats)
 * @param partition source partition
 * @param offset source offset
 */
public record Observation(String streamId, long timestamp, float[] values, int partition, long offset) {}
