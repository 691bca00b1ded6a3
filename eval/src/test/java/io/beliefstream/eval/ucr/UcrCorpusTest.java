package io.beliefstream.eval.ucr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beliefstream.eval.EvalException;
import io.beliefstream.eval.Series;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive's layout: CRLF labels, one value per line or all on one line, no timestamps. */
class UcrCorpusTest {
    @TempDir
    Path dir;

    private void write(String labels, String file, String content) throws IOException {
        Files.writeString(dir.resolve("labels.csv"), labels);
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data").resolve(file), content);
    }

    @Test
    void shouldReadCrlfLabelsAndOneValuePerLine() throws IOException {
        write("file,n_points,train_end,anomaly_start,anomaly_end,dup_group,single_line\r\n"
                + "001_UCR_Anomaly_x_2_3_4.txt,5,2,3,4,7,0\r\n", "001_UCR_Anomaly_x_2_3_4.txt",
                "1.5\n2\n-3e-1\n4\n5\n");
        List<UcrLabel> labels = UcrCorpus.readLabels(dir);
        assertThat(labels).containsExactly(new UcrLabel("001_UCR_Anomaly_x_2_3_4.txt", 5, 2, 3, 4, 7, false));
        Series s = UcrCorpus.read(dir, labels.get(0), 60_000L);
        assertThat(s.name()).isEqualTo("001_UCR_Anomaly_x_2_3_4");
        assertThat(s.values()).containsExactly(1.5, 2, -0.3, 4, 5);
        assertThat(s.timestamps()).containsExactly(0L, 60_000L, 120_000L, 180_000L, 240_000L);
        assertThat(s.timestampText()).containsExactly("1", "2", "3", "4", "5");
    }

    @Test
    void shouldReadSingleLineFiles() throws IOException {
        write("file,n_points,train_end,anomaly_start,anomaly_end,dup_group,single_line\n"
                + "002_UCR_Anomaly_y_1_2_3.txt,4,1,2,3,1,1\n", "002_UCR_Anomaly_y_1_2_3.txt", "  1  2\t3 4  \n");
        Series s = UcrCorpus.read(dir, UcrCorpus.readLabels(dir).get(0), 1000L);
        assertThat(s.values()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void shouldRefuseAFileWhoseLengthDiffersFromItsLabel() throws IOException {
        write("file,n_points,train_end,anomaly_start,anomaly_end,dup_group,single_line\n"
                + "003_UCR_Anomaly_z_1_2_3.txt,4,1,2,3,1,0\n", "003_UCR_Anomaly_z_1_2_3.txt", "1\n2\n3\n");
        UcrLabel label = UcrCorpus.readLabels(dir).get(0);
        assertThatThrownBy(() -> UcrCorpus.read(dir, label, 1000L)).isInstanceOf(EvalException.class)
                .hasMessageContaining("3 values, labels.csv says 4");
    }

    @Test
    void shouldRefuseANonNumberNamingItsPosition() throws IOException {
        write("file,n_points,train_end,anomaly_start,anomaly_end,dup_group,single_line\n"
                + "004_UCR_Anomaly_w_1_2_3.txt,3,1,2,3,1,0\n", "004_UCR_Anomaly_w_1_2_3.txt", "1\nNaN\n3\n");
        UcrLabel label = UcrCorpus.readLabels(dir).get(0);
        assertThatThrownBy(() -> UcrCorpus.read(dir, label, 1000L)).isInstanceOf(EvalException.class)
                .hasMessageContaining("value 2");
    }
}
