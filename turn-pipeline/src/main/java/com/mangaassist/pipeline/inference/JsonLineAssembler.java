package com.mangaassist.pipeline.inference;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-assembles JSON lines from the byte chunks SageMaker forwards as PayloadPart events: a part may
 * end mid-line or mid-character, so bytes are buffered until a newline completes a line.
 */
final class JsonLineAssembler {

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    List<String> accept(byte[] bytes) {
        List<String> lines = new ArrayList<>();
        for (byte b : bytes) {
            if (b == '\n') {
                String line = pending.toString(StandardCharsets.UTF_8).strip();
                pending.reset();
                if (!line.isEmpty()) {
                    lines.add(line);
                }
            } else {
                pending.write(b);
            }
        }
        return lines;
    }
}
