/**
 * Reading data files: {@link io.beliefstream.models.data.CsvRows}, the project's one CSV reader (Jackson's CSV parser),
 * and on it {@link io.beliefstream.models.data.CsvSeriesLoader}, which reads training series of a timestamp column and
 * one or more value columns; several files (or a directory) give several sequences.
 */
package io.beliefstream.models.data;
