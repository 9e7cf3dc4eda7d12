package com.mangaassist.release.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Checks that a file really is safetensors (an 8-byte little-endian header length, a JSON header
 * of tensors with dtype, shape and data offsets that lie inside the file), not merely named so:
 * weights are only ever loaded from this format, because a pickled checkpoint runs code when it
 * is loaded.
 */
final class SafetensorsFile {

    /** Headers are small; a larger one is not a safetensors file we would load. */
    private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsFile() {
    }

    /** @throws InvalidModelException naming the file and what is wrong with it */
    static void verify(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            byte[] prefix = in.readNBytes(8);
            if (prefix.length < 8) {
                throw new InvalidModelException(file + " is not safetensors: shorter than its 8-byte header length");
            }
            long headerLength = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength <= 1 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > size) {
                throw new InvalidModelException(file + " is not safetensors: header length " + headerLength + " does not fit the file");
            }
            JsonNode header = JSON.readTree(in.readNBytes((int) headerLength));
            if (header == null || !header.isObject()) {
                throw new InvalidModelException(file + " is not safetensors: its header is not a JSON object");
            }
            long dataBytes = size - 8 - headerLength;
            for (Iterator<Map.Entry<String, JsonNode>> fields = header.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> tensor = fields.next();
                if (tensor.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonNode offsets = tensor.getValue().get("data_offsets");
                if (!tensor.getValue().has("dtype") || !tensor.getValue().has("shape") || offsets == null || offsets.size() != 2
                        || offsets.get(0).asLong(-1) < 0 || offsets.get(1).asLong(-1) < offsets.get(0).asLong() || offsets.get(1).asLong() > dataBytes) {
                    throw new InvalidModelException(file + " is not safetensors: tensor '" + tensor.getKey() + "' has no valid dtype, shape and data offsets");
                }
            }
        } catch (IOException e) {
            throw new InvalidModelException(file + " is not safetensors: " + e.getMessage());
        }
    }
}
