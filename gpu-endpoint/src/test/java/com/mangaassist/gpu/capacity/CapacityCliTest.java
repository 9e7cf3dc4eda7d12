package com.mangaassist.gpu.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CapacityCliTest {

    @Test
    void cli_printsTableForRequestedGpuAndModel() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = CapacityCli.run(new String[] {"--gpu", "a10g", "--model", "llama-2-7b", "--tokens", "4096"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("| A10G 24GB | Llama-2-7B | FP16 |", "| A10G 24GB | Llama-2-7B | AWQ_INT4 |");
    }

    @Test
    void cli_whenUnknownGpu_exitsWithUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = CapacityCli.run(new String[] {"--gpu", "tpu"}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown GPU");
    }
}
