/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) started in-process from the Kafka
 * jars, bound to 127.0.0.1 only: the default broker of {@code beliefstream demo} and, through
 * {@link io.beliefstream.embedded.EmbeddedKafkaExtension}, of every integration test.
 */
package io.beliefstream.embedded;
