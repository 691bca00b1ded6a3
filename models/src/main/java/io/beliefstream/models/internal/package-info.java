/** Building blocks shared by the model implementations; not a public API. */
package io.beliefstream.models.internal;
