/**
 * Loading time series for training: {@link io.beliefstream.models.data.CsvSeriesLoader} reads CSV files of a
 * timestamp column and one or more value columns; several files (or a directory) give several sequences.
 */
package io.beliefstream.models.data;
