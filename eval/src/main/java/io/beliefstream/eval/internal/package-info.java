/**
 * Implementation helpers shared by the evaluation packages: a header-row CSV table on the project's CSV reader
 * ({@code Csv}), timestamp parsing, JSON output and score sanity checks. Not API.
 */
package io.beliefstream.eval.internal;
