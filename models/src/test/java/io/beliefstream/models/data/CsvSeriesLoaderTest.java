package io.beliefstream.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSeriesLoaderTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadEveryCsvFileOfADirectoryAsOneSequence() throws Exception {
        Files.writeString(dir.resolve("b.csv"), "timestamp,value\n2024-01-01 00:00:00,1.5\n2024-01-01 00:05:00,2\n");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/a.csv"), "timestamp,value\nt0,3\n\nt1,-4e1\n");
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        List<CsvSeriesLoader.Series> s = CsvSeriesLoader.defaults().load(dir);
        assertThat(s).hasSize(2);
        assertThat(s.get(0).source()).endsWith("b.csv");
        assertThat(s.get(0).values()).hasDimensions(2, 1);
        assertThat(s.get(0).values()[1][0]).isEqualTo(2f);
        assertThat(s.get(0).timestamps()).containsExactly("2024-01-01 00:00:00", "2024-01-01 00:05:00");
        assertThat(s.get(1).values()[1][0]).isEqualTo(-40f);
    }

    @Test
    void shouldSelectColumnsByNameOrIndex() throws Exception {
        Path f = dir.resolve("m.csv");
        Files.writeString(f, "time;x;y\n1;1.0;10\n2;2.0;20\n");
        CsvSeriesLoader byName = new CsvSeriesLoader("time", List.of("y", "x"), ';');
        float[][] v = byName.load(f).get(0).values();
        assertThat(v[1]).containsExactly(20f, 2f);
        Path g = dir.resolve("noheader.csv");
        Files.writeString(g, "1,5\n2,6\n");
        assertThat(new CsvSeriesLoader("0", List.of("1"), ',').load(g).get(0).values()[1][0]).isEqualTo(6f);
    }

    @Test
    void shouldNameFileLineAndColumnOfABadValue() throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "timestamp,value\nt0,1\nt1,abc\n");
        assertThatThrownBy(() -> CsvSeriesLoader.defaults().load(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.csv line 3").hasMessageContaining("'value'").hasMessageContaining("abc");
        Path g = dir.resolve("short.csv");
        Files.writeString(g, "timestamp,value\nt0\n");
        assertThatThrownBy(() -> CsvSeriesLoader.defaults().load(g)).hasMessageContaining("short.csv line 2");
        Path h = dir.resolve("cols.csv");
        Files.writeString(h, "time,v\nt0,1\n");
        assertThatThrownBy(() -> CsvSeriesLoader.defaults().load(h)).hasMessageContaining("no timestamp column");
        assertThatThrownBy(() -> CsvSeriesLoader.defaults().load(dir.resolve("missing.csv")))
                .hasMessageContaining("no such file");
    }

    @Test
    void shouldRejectBlankColumnConfiguration() {
        assertThatThrownBy(() -> new CsvSeriesLoader(" ", List.of("value"), ','))
                .hasMessageContaining("timestampColumn");
        assertThatThrownBy(() -> new CsvSeriesLoader("t", List.of(), ',')).hasMessageContaining("valueColumns");
    }
}
