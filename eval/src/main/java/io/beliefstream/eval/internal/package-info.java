/** Implementation helpers shared by the evaluation packages: CSV reading and timestamp parsing. Not API. */
package io.beliefstream.eval.internal;
