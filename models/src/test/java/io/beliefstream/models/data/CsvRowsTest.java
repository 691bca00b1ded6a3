package io.beliefstream.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvRowsTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadRecordsWithTheirLinesSkippingBlankOnes() throws IOException {
        Path f = dir.resolve("a.csv");
        Files.writeString(f, "\uFEFFtimestamp, value\r\n2020-01-01 00:00:00,1.5\r\n\r\n   \n\"2020-01-01 01:00:00\", \"2,5\" ,\n"
                + "x,\"say \"\"hi\"\"\"", StandardCharsets.UTF_8);

        List<CsvRows.Row> rows = CsvRows.read(f, ',');

        assertThat(rows).extracting(CsvRows.Row::line).containsExactly(1, 2, 5, 6);
        assertThat(rows.get(0).fields()).containsExactly("timestamp", "value");
        assertThat(rows.get(1).fields()).containsExactly("2020-01-01 00:00:00", "1.5");
        assertThat(rows.get(2).fields()).containsExactly("2020-01-01 01:00:00", "2,5", "");
        assertThat(rows.get(3).fields()).containsExactly("x", "say \"hi\"");
    }

    @Test
    void shouldSplitOnTheGivenSeparator() throws IOException {
        Path f = dir.resolve("b.csv");
        Files.writeString(f, "t;x\n1;2,5\n", StandardCharsets.UTF_8);

        assertThat(CsvRows.read(f, ';').get(1).fields()).containsExactly("1", "2,5");
    }

    @Test
    void shouldFailOnAnUnclosedQuote() throws IOException {
        Path f = dir.resolve("c.csv");
        Files.writeString(f, "t,x\n1,\"2\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> CsvRows.read(f, ',')).isInstanceOf(IOException.class);
    }
}
