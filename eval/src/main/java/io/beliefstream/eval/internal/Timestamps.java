package io.beliefstream.eval.internal;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Parses the timestamps of NAB and ETT files ({@code 2014-07-01 00:00:00}, NAB's label files add
 * {@code .000000}) into epoch milliseconds, reading the zone-less local time as UTC so that equal texts give equal
 * numbers whatever the machine's zone.
 */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd[ ]['T']HH:mm[:ss]")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private Timestamps() {
    }

    /**
     * @throws IllegalArgumentException if the text is not a timestamp of that form
     */
    public static long parseMillis(String text) {
        try {
            return LocalDateTime.parse(text.trim(), FORMAT).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a timestamp (yyyy-MM-dd HH:mm:ss[.ffffff]): '" + text + "'", e);
        }
    }

    /** Formats epoch milliseconds back as {@code yyyy-MM-dd HH:mm:ss} (UTC). */
    public static String format(long millis) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), 0, ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
    }
}
