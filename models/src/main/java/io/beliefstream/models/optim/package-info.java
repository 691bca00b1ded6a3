/**
 * Optimisers shared by the hand-written training loops of the models and the evaluation: {@link
 * io.beliefstream.models.optim.Adam}.
 */
package io.beliefstream.models.optim;
