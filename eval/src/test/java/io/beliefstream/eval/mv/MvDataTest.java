package io.beliefstream.eval.mv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvDataTest {

    @Test
    void shouldReadSmdWithZeroBasedBlamedDimensions(@TempDir Path dir) throws IOException {
        for (String d : List.of("train", "test", "test_label", "interpretation_label")) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.writeString(dir.resolve("train/m.txt"), "0,1,2\n0,1,2\n");
        Files.writeString(dir.resolve("test/m.txt"), "0,1,2\n0,9,2\n0,9,2\n");
        Files.writeString(dir.resolve("test_label/m.txt"), "0\n1\n1\n");
        Files.writeString(dir.resolve("interpretation_label/m.txt"), "1-3:2,3\n");
        MvStream s = MvData.smd(dir).get(0);
        assertThat(s.name()).isEqualTo("m");
        assertThat(s.dims()).isEqualTo(3);
        assertThat(s.train()).hasNumberOfRows(2);
        assertThat(s.labels()).containsExactly(false, true, true);
        assertThat(s.blames()).singleElement().satisfies(b -> {
            assertThat(b.start()).isEqualTo(1);
            assertThat(b.end()).isEqualTo(3);
            assertThat(b.dims()).containsExactly(1, 2);
        });
    }

    @Test
    void shouldReadNasaChannelsOfOneSpacecraftWithInclusiveRanges(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("MSL/train"));
        Files.createDirectories(dir.resolve("MSL/test"));
        Files.writeString(dir.resolve("labeled_anomalies.csv"), "chan_id,spacecraft,anomaly_sequences,class,num_values\n"
                + "C-1,MSL,\"[[1, 2], [4, 4]]\",\"[point, contextual]\",6\n"
                + "P-1,SMAP,\"[[0, 1]]\",[point],6\n");
        Files.writeString(dir.resolve("MSL/train/C-1.csv"), "telemetry,cmd_01\n0.5,0\n0.4,1\n");
        Files.writeString(dir.resolve("MSL/test/C-1.csv"), "telemetry,cmd_01\n0.5,0\n0.9,0\n0.9,1\n0.5,0\n1.0,0\n0.5,0\n");
        List<MvStream> streams = MvData.nasa(dir, "MSL");
        assertThat(streams).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("C-1");
            assertThat(s.dims()).isEqualTo(2);
            assertThat(s.labels()).containsExactly(false, true, true, false, true, false);
            assertThat(s.blames()).isEmpty();
        });
    }
}
