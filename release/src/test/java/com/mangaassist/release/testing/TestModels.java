package com.mangaassist.release.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A tiny but well-formed model directory: real safetensors headers, a base model, two LoRA adapters. */
public final class TestModels {

    private TestModels() {
    }

    /** Writes the model under {@code dir/<name>} and answers that directory. */
    public static Path write(Path dir, String name) {
        try {
            Path model = Files.createDirectories(dir.resolve(name));
            Files.writeString(model.resolve("config.json"), "{\"architectures\":[\"LlamaForCausalLM\"],\"hidden_size\":8}");
            Files.writeString(model.resolve("tokenizer.json"), "{\"version\":\"1.0\"}");
            Files.write(model.resolve("model.safetensors"), safetensors("model.embed_tokens.weight", 16));
            for (String adapter : new String[] {"chatbot-en", "chatbot-ja"}) {
                Path dirOf = Files.createDirectories(model.resolve("adapters").resolve(adapter));
                Files.writeString(dirOf.resolve("adapter_config.json"), "{\"r\":8,\"lora_alpha\":16}");
                Files.write(dirOf.resolve("adapter_model.safetensors"), safetensors("base_model.lora_A.weight", 8));
            }
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A safetensors file with one F32 tensor of {@code values} zeros. */
    public static byte[] safetensors(String tensor, int values) {
        byte[] header = ("{\"" + tensor + "\":{\"dtype\":\"F32\",\"shape\":[" + values + "],\"data_offsets\":[0," + values * 4 + "]}}")
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + header.length + values * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(header.length).put(header);
        return buffer.array();
    }
}
