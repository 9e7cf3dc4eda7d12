package com.mangaassist.release.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.release.testing.TestModels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPackagerTest {

    @TempDir
    Path dir;

    private static List<String> entries(Path tarball) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(tarball); TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                names.add(entry.getName() + " " + entry.getModTime().getTime() + " " + entry.getLongUserId());
            }
        }
        return names;
    }

    @Test
    void pack_aWellFormedModel_holdsWeightsTokenizerAndAdaptersAtTheirSageMakerPaths() throws IOException {
        Path model = TestModels.write(dir, "llama-test");
        Path tarball = dir.resolve("model.tar.gz");

        List<String> adapters = ModelPackager.pack(model, tarball);

        assertThat(adapters).containsExactly("chatbot-en", "chatbot-ja");
        assertThat(entries(tarball)).containsExactly("adapters/chatbot-en/adapter_config.json 0 0", "adapters/chatbot-en/adapter_model.safetensors 0 0",
                "adapters/chatbot-ja/adapter_config.json 0 0", "adapters/chatbot-ja/adapter_model.safetensors 0 0", "config.json 0 0",
                "model.safetensors 0 0", "tokenizer.json 0 0");
    }

    @Test
    void pack_twice_givesTheSameBytes() throws IOException {
        Path model = TestModels.write(dir, "llama-test");

        ModelPackager.pack(model, dir.resolve("a.tar.gz"));
        ModelPackager.pack(model, dir.resolve("b.tar.gz"));

        assertThat(Sha256.of(dir.resolve("a.tar.gz"))).isEqualTo(Sha256.of(dir.resolve("b.tar.gz")));
    }

    @Test
    void pack_whenAPickledCheckpointIsAnywhere_refusesNamingIt() throws IOException {
        Path model = TestModels.write(dir, "llama-test");
        Files.write(model.resolve("adapters/chatbot-en/adapter_model.bin"), new byte[] {(byte) 0x80, 0x04});

        assertThatThrownBy(() -> ModelPackager.pack(model, dir.resolve("m.tar.gz"))).isInstanceOf(InvalidModelException.class)
                .hasMessageEndingWith("adapter_model.bin is a pickled checkpoint (.bin): weights are loaded from safetensors only");
    }

    @Test
    void pack_whenAFileIsNamedSafetensorsButIsNot_refusesIt() throws IOException {
        Path model = TestModels.write(dir, "llama-test");
        Files.write(model.resolve("model.safetensors"), new byte[] {(byte) 0x80, 0x04, 'c', 'o', 's', 0x0a, 's', 'y', 's', 't', 'e', 'm'});

        assertThatThrownBy(() -> ModelPackager.pack(model, dir.resolve("m.tar.gz"))).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("model.safetensors is not safetensors");
    }

    @Test
    void pack_whenAnAdapterLacksItsWeights_refusesIt() throws IOException {
        Path model = TestModels.write(dir, "llama-test");
        Files.delete(model.resolve("adapters/chatbot-ja/adapter_model.safetensors"));

        assertThatThrownBy(() -> ModelPackager.pack(model, dir.resolve("m.tar.gz"))).hasMessage("adapter chatbot-ja has no adapter_model.safetensors");
    }

    @Test
    void pack_whenThereIsNoConfig_refusesTheDirectory() throws IOException {
        Path model = TestModels.write(dir, "llama-test");
        Files.delete(model.resolve("config.json"));

        assertThatThrownBy(() -> ModelPackager.pack(model, dir.resolve("m.tar.gz"))).hasMessageEndingWith("has no config.json: not a model directory");
    }

    @Test
    void pack_whenALinkIsInside_refusesIt() throws IOException {
        Path model = TestModels.write(dir, "llama-test");
        Files.createSymbolicLink(model.resolve("extra.json"), Path.of("/etc/passwd"));

        assertThatThrownBy(() -> ModelPackager.pack(model, dir.resolve("m.tar.gz"))).hasMessageContaining("is a link");
    }
}
