/**
 * Implementation of the window-scorer family: the shared MLP definition ({@code ScorerLayers}), its SameDiff graphs
 * per kind ({@code ScorerGraph}), the batched serving kernel ({@code ScorerKernel}) and the codebooks behind the
 * {@link io.beliefstream.models.OnlineCodebook} contract ({@code NoCodebook}, {@code TwoLevelCodebook}). Not API.
 */
package io.beliefstream.models.scorer.internal;
