package com.mangaassist.gpu.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangaassist.gpu.engine.openai.VllmProcessSupervisor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vLLM server the front starts can be told to drop its prefix cache after an OOM (OpenAiCompatibleEngine.reset). */
class VllmProcessSupervisorTest {

    @Test
    void start_whenItStartsTheServer_turnsOnTheResetRoute(@TempDir Path dir) throws Exception {
        Path seen = dir.resolve("dev-mode");
        VllmProcessSupervisor supervisor = new VllmProcessSupervisor(List.of("sh", "-c", "printf %s \"$VLLM_SERVER_DEV_MODE\" > " + seen));
        try {
            supervisor.start();

            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(seen) && !supervisor.isAlive());
            assertThat(Files.readString(seen)).isEqualTo("1");
        } finally {
            supervisor.close();
        }
    }
}
