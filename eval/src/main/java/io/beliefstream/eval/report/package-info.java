/**
 * Markdown reports with PNG plots (XChart, headless): per NAB file the series with every detector's anomaly score
 * and the labelled windows; per forecast horizon the forecasts against the actual values with their intervals.
 */
package io.beliefstream.eval.report;
