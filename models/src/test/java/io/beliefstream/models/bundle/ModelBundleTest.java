package io.beliefstream.models.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beliefstream.models.ModelException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {

    private static ModelBundle sample() {
        var meta = ModelBundle.newMetadata();
        meta.put("hidden", 7).putObject("normalisation").put("mean", 1.5);
        return ModelBundle.builder("test-kind").metadata(meta)
                .tensor("w", new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6})
                .tensor("b", new int[] {3}, new float[] {-1, 0, 1})
                .build();
    }

    @Test
    void shouldRoundTripThroughAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.bsb");
        sample().save(file);
        ModelBundle back = ModelBundle.load(file);
        assertThat(back.kind()).isEqualTo("test-kind");
        assertThat(back.metadata().get("hidden").asInt()).isEqualTo(7);
        assertThat(back.metadata().at("/normalisation/mean").asDouble()).isEqualTo(1.5);
        assertThat(back.tensor("w").shape()).containsExactly(2, 3);
        assertThat(back.tensor("w").values()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(back.tensorNames()).containsExactly("w", "b");
    }

    @Test
    void shouldRejectCorruptTruncatedAndForeignFiles() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        sample().write(bytes);
        byte[] good = bytes.toByteArray();

        byte[] flipped = good.clone();
        flipped[flipped.length - 20] ^= 0x10;
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(flipped), "x"))
                .isInstanceOf(ModelException.class).hasMessageContaining("checksum");

        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 9);
        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream(truncated), "x"))
                .isInstanceOf(ModelException.class).hasMessageContaining("truncated");

        assertThatThrownBy(() -> ModelBundle.read(new ByteArrayInputStream("not a bundle".getBytes()), "x"))
                .isInstanceOf(ModelException.class).hasMessageContaining("bad magic");
    }

    @Test
    void shouldRefuseAWrongKindAndAMissingTensor(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.bsb");
        sample().save(file);
        ModelBundle back = ModelBundle.load(file);
        assertThatThrownBy(() -> back.requireKind("td-vae")).hasMessageContaining("expected a bundle of kind 'td-vae'");
        assertThatThrownBy(() -> back.tensor("nope")).hasMessageContaining("no tensor 'nope'");
        assertThat(Files.size(file)).isGreaterThan(0);
    }
}
