/** Baseline models: simple, honest reference points that serve through the same interfaces as the learned ones. */
package io.beliefstream.models.baseline;
