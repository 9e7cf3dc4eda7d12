package com.mangaassist.gpu.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.shared.contract.InvalidSettingException;
import io.micronaut.context.ApplicationContext;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The GPU front's settings as Micronaut binds them from {@code gpu-endpoint.*}, and what it refuses. */
class EndpointSettingsTest {

    private static EndpointSettings bound(Map<String, Object> properties) {
        try (ApplicationContext context = ApplicationContext.builder().properties(properties).deduceEnvironment(false).start()) {
            return context.getBean(EndpointSettings.class);
        }
    }

    @Test
    void bind_whenNothingIsSet_givesTheEmbeddedDefaults() {
        EndpointSettings settings = bound(Map.of());

        assertThat(settings.adapters()).containsExactly("chatbot-en", "chatbot-ja");
        assertThat(settings.simulated()).isEqualTo(EndpointSettings.Simulated.DEFAULTS);
        assertThat(settings.openai().baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8000"));
        assertThat(settings.openai().command()).isEmpty();
        assertThat(settings.health()).isEqualTo(EndpointSettings.Health.DEFAULTS);
        assertThat(settings.warmup()).isEqualTo(EndpointSettings.Warmup.DEFAULTS);
        assertThat(settings.signals().interval()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void bind_whenPropertiesAreSet_takesThemAsTheEnvironmentWouldGiveThem() {
        EndpointSettings settings = bound(Map.of("gpu-endpoint.simulated.decode-per-token", "40ms", "gpu-endpoint.simulated.max-num-seqs", "16",
                "gpu-endpoint.openai.model", "llama-3-8b-awq", "gpu-endpoint.openai.command", "sleep,4", "gpu-endpoint.warmup.deadline", "90s",
                "gpu-endpoint.health.probe-interval", "1h", "gpu-endpoint.adapters", "chatbot-en"));

        assertThat(settings.simulated().decodePerToken()).isEqualTo(Duration.ofMillis(40));
        assertThat(settings.simulated().maxNumSeqs()).isEqualTo(16);
        assertThat(settings.simulated().loadTime()).as("an unset neighbour keeps its default").isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.openai().requireModel()).isEqualTo("llama-3-8b-awq");
        assertThat(settings.openai().command()).containsExactly("sleep", "4");
        assertThat(settings.warmup().deadline()).isEqualTo(Duration.ofSeconds(90));
        assertThat(settings.health().probeInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.adapters()).containsExactly("chatbot-en");
    }

    @Test
    void bind_whenAValueIsOutOfRange_refusesNamingTheProperty() {
        assertThatThrownBy(() -> bound(Map.of("gpu-endpoint.simulated.max-num-seqs", "0"))).hasStackTraceContaining("gpu-endpoint.simulated.max-num-seqs");
        assertThatThrownBy(() -> new EndpointSettings.Health(Duration.ofSeconds(60), 20, 1.5, Duration.ofSeconds(10), Duration.ofSeconds(5), 2))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("gpu-endpoint.health.error-threshold");
        assertThatThrownBy(() -> new EndpointSettings(List.of(" "), null, null, null, null, null, null))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("gpu-endpoint.adapters");
    }

    @Test
    void requireModel_whenTheOpenAiEngineHasNoModel_namesTheProperty() {
        assertThatThrownBy(() -> EndpointSettings.OpenAi.DEFAULTS.requireModel()).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("gpu-endpoint.openai.model");
    }
}
