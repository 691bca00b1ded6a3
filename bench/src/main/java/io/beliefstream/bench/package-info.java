/** JMH benchmarks of the serving kernels and training steps; run from {@code bench/target/benchmarks.jar}. */
package io.beliefstream.bench;
