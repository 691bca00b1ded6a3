/** NAB scoring internals: the per-row sweep and the threshold sweep over sorted anomaly scores. Not API. */
package io.beliefstream.eval.nab.internal;
