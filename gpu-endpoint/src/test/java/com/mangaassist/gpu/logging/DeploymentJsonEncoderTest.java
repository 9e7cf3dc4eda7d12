package com.mangaassist.gpu.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangaassist.shared.contract.LogEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;
import org.w3c.dom.Element;

/** Every gpu-endpoint log event carries the deployment, where the stack's metric filters read their dimension from. */
class DeploymentJsonEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UnaryOperator<String> NOTHING = name -> null;

    @Test
    void encode_whenTheEnvironmentSetsTheDeployment_writesItAsATopLevelFieldBesideTheMessage() throws Exception {
        DeploymentJsonEncoder encoder = started(NOTHING, Map.of("METRICS_DEPLOYMENT", "MangaAssist-prod")::get);

        JsonNode line = encode(encoder, "event=oom_escalation trips=2 action=scale_out");

        assertThat(line.path(LogEvents.DEPLOYMENT_FIELD).asText()).isEqualTo("MangaAssist-prod");
        assertThat(line.path("formattedMessage").asText()).isEqualTo("event=oom_escalation trips=2 action=scale_out");
    }

    @Test
    void encode_whenTheEventCarriesKeyValuePairs_writesEachAsATopLevelFieldNumbersAsNumbersAndLeavesNaNOut() throws Exception {
        DeploymentJsonEncoder encoder = started(NOTHING, Map.of("METRICS_DEPLOYMENT", "MangaAssist-prod")::get);
        LoggerContext context = (LoggerContext) encoder.getContext();
        LoggingEvent event = new LoggingEvent(DeploymentJsonEncoderTest.class.getName(), context.getLogger("test"), Level.INFO,
                "event=engine_signals", null, null);
        event.addKeyValuePair(new KeyValuePair("kvCacheUsage", 0.97));
        event.addKeyValuePair(new KeyValuePair("requestsWaiting", 51));
        event.addKeyValuePair(new KeyValuePair("unknown", Double.NaN));
        event.addKeyValuePair(new KeyValuePair("model", "llama \"3\""));
        event.addKeyValuePair(new KeyValuePair(LogEvents.DEPLOYMENT_FIELD, "spoofed"));

        JsonNode line = JSON.readTree(new String(encoder.encode(event), StandardCharsets.UTF_8));

        assertThat(line.path("kvCacheUsage").isNumber()).isTrue();
        assertThat(line.path("kvCacheUsage").asDouble()).isEqualTo(0.97);
        assertThat(line.path("requestsWaiting").asInt()).isEqualTo(51);
        assertThat(line.has("unknown")).isFalse();
        assertThat(line.path("model").asText()).isEqualTo("llama \"3\"");
        assertThat(line.path(LogEvents.DEPLOYMENT_FIELD).asText()).isEqualTo("MangaAssist-prod");
    }

    @Test
    void start_whenASystemPropertyAlsoSetsIt_prefersTheSystemPropertyAsTheLocalLauncherPassesIt() throws Exception {
        DeploymentJsonEncoder encoder = started(Map.of("metrics.deployment", "MangaAssist-dev")::get,
                Map.of("METRICS_DEPLOYMENT", "MangaAssist-prod")::get);

        assertThat(encode(encoder, "event=model_loading").path(LogEvents.DEPLOYMENT_FIELD).asText()).isEqualTo("MangaAssist-dev");
    }

    @Test
    void start_whenNothingSetsTheDeployment_writesLocalAndTheSmallTier() throws Exception {
        DeploymentJsonEncoder encoder = started(NOTHING, Map.of("METRICS_DEPLOYMENT", " ")::get);

        JsonNode line = encode(encoder, "event=model_loading");
        assertThat(line.path(LogEvents.DEPLOYMENT_FIELD).asText()).isEqualTo(DeploymentJsonEncoder.UNSET);
        assertThat(line.path(LogEvents.TIER_FIELD).asText()).isEqualTo("small");
    }

    @Test
    void encode_whenTheEnvironmentSetsTheTier_writesItAndAPairCannotOverwriteIt() throws Exception {
        DeploymentJsonEncoder encoder = started(NOTHING, Map.of("METRICS_DEPLOYMENT", "MangaAssist-prod", "METRICS_TIER", "large")::get);
        LoggerContext context = (LoggerContext) encoder.getContext();
        LoggingEvent event = new LoggingEvent(DeploymentJsonEncoderTest.class.getName(), context.getLogger("test"), Level.INFO,
                "event=oom_escalation", null, null);
        event.addKeyValuePair(new KeyValuePair(LogEvents.TIER_FIELD, "small"));

        JsonNode line = JSON.readTree(new String(encoder.encode(event), StandardCharsets.UTF_8));

        assertThat(line.path(LogEvents.TIER_FIELD).asText()).isEqualTo("large");
    }

    @Test
    void encode_whenTheValueNeedsEscaping_staysOneJsonObject() throws Exception {
        DeploymentJsonEncoder encoder = started(NOTHING, Map.of("METRICS_DEPLOYMENT", "a\"b\\c")::get);

        assertThat(encode(encoder, "event=x").path(LogEvents.DEPLOYMENT_FIELD).asText()).isEqualTo("a\"b\\c");
    }

    @Test
    void productionLogbackConfiguration_encodesWithTheDeploymentEncoder() throws Exception {
        // The image's logback.xml (tests run with logback-test.xml, so the production one is read as a file).
        Element encoder = (Element) DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Files.newInputStream(Path.of("src/main/resources/logback.xml"))).getElementsByTagName("encoder").item(0);

        assertThat(encoder.getAttribute("class")).isEqualTo(DeploymentJsonEncoder.class.getName());
    }

    private static DeploymentJsonEncoder started(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        DeploymentJsonEncoder encoder = new DeploymentJsonEncoder(properties, environment);
        // The test JVM's own logback context: a fresh one has no MDC adapter to encode events with.
        encoder.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }

    private static JsonNode encode(DeploymentJsonEncoder encoder, String message) throws Exception {
        LoggerContext context = (LoggerContext) encoder.getContext();
        LoggingEvent event = new LoggingEvent(DeploymentJsonEncoderTest.class.getName(), context.getLogger("test"), Level.ERROR, message, null, null);
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        assertThat(line).endsWith("\n").doesNotContain("\n{");
        return JSON.readTree(line);
    }
}
