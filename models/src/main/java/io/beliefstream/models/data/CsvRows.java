package io.beliefstream.models.data;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's one CSV reader, on Jackson's CSV parser (RFC 4180: fields may be quoted, a quote inside a quoted
 * field doubled, lines ended by LF or CRLF): every record of a UTF-8 file that is not blank, with the line it starts
 * on, each field trimmed, a leading byte-order mark dropped. What the fields mean (a header, the columns, numbers)
 * is the caller's: {@link CsvSeriesLoader} for training series, the evaluation's corpora readers (NAB, ETT, M4) and
 * the scorer's training input.
 */
public final class CsvRows {
    /** Blank lines skipped; spaces around separators trimmed, so a quoted field may follow a separator and spaces. */
    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES, CsvParser.Feature.TRIM_SPACES).build();

    /**
     * One record.
     *
     * @param line the 1-based line of the file the record starts on
     * @param fields its fields, trimmed
     */
    public record Row(int line, String[] fields) {}

    private CsvRows() {}

    /**
     * Reads every non-blank record of {@code file}.
     *
     * @param separator the field separator, usually {@code ','}
     * @throws IOException when the file cannot be read or is not CSV (an unclosed quote), naming the line
     */
    public static List<Row> read(Path file, char separator) throws IOException {
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(separator);
        List<Row> rows = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CsvParser p = MAPPER.getFactory().createParser(in)) {
            p.setSchema(schema);
            List<String> fields = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t != JsonToken.START_ARRAY) {
                    throw new IOException(file + ":" + p.currentLocation().getLineNr() + ": unexpected " + t);
                }
                // the record's line: where its first field starts (START_ARRAY is located before the line break)
                int line = -1;
                fields.clear();
                while (p.nextToken() == JsonToken.VALUE_STRING) {
                    if (line < 0) {
                        line = p.currentTokenLocation().getLineNr();
                    }
                    fields.add(p.getText().trim());
                }
                if (rows.isEmpty() && !fields.isEmpty() && !fields.get(0).isEmpty() && fields.get(0).charAt(0) == '\uFEFF') {
                    fields.set(0, fields.get(0).substring(1).trim());
                }
                if (fields.size() == 1 && fields.get(0).isEmpty()) {
                    continue; // a line of whitespace only
                }
                rows.add(new Row(line, fields.toArray(new String[0])));
            }
        }
        return rows;
    }
}
