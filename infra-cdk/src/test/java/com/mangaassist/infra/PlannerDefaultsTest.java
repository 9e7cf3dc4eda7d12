package com.mangaassist.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangaassist.infra.config.EnvironmentConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The capacity planner's defaults name their sources; those that say they come from this app's
 * prod preset are held to it here, since the planner must not depend on the CDK app (ADR 0001). A
 * changed preset fails this test until the planner's defaults follow it.
 */
class PlannerDefaultsTest {

    private static final Path DEFAULTS = Path.of("..", "capacity-planner", "src", "main", "resources", "com", "mangaassist", "planner",
            "default-planner.json");
    private static final String PRESET = "EnvironmentConfig.prod()";

    @Test
    void plannerDefaults_whenTheyNameTheProdPreset_holdItsValues() throws IOException {
        JsonNode defaults = new ObjectMapper().readTree(DEFAULTS.toFile());
        EnvironmentConfig prod = EnvironmentConfig.prod();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("/routing/ttftSlaMillis", prod.ttftSlaMillis());
        expected.put("/gateway/throttleRatePerSecond", prod.throttleRate());
        expected.put("/gateway/throttleBurst", prod.throttleBurst());
        expected.put("/fargate/vcpu", prod.orchestratorCpu() / 1024.0);
        expected.put("/fargate/memoryGb", prod.orchestratorMemoryMiB() / 1024.0);
        expected.put("/fargate/turnCapacity", prod.orchestratorTurnCapacity());
        expected.put("/fargate/minTasks", prod.orchestratorMinTasks());
        expected.put("/fargate/maxTasks", prod.orchestratorMaxTasks());
        expected.put("/overflow/batchSize", prod.overflowBatchSize());
        expected.put("/overflow/maxConcurrency", prod.overflowMaxConcurrency());
        expected.put("/overflow/memoryMb", prod.lambdaMemoryMb());
        expected.put("/retrieval/domain/dataInstanceType", prod.search().dataInstanceType());
        expected.put("/retrieval/domain/dataNodes", prod.search().dataNodes());
        expected.put("/retrieval/domain/masterInstanceType", prod.search().masterInstanceType());
        expected.put("/retrieval/domain/masterNodes", prod.search().masterNodes());
        expected.put("/gpu/small/instanceType", prod.gpu().instanceType());
        expected.put("/gpu/small/minInstances", prod.gpu().minInstances());
        expected.put("/gpu/small/maxInstances", prod.gpu().maxInstances());
        expected.put("/gpu/large/enabled", prod.largeGpu() != null);
        expected.put("/gpu/large/instanceType", prod.largeGpu().instanceType());
        expected.put("/gpu/large/minInstances", prod.largeGpu().minInstances());
        expected.put("/gpu/large/maxInstances", prod.largeGpu().maxInstances());

        expected.forEach((pointer, value) -> {
            JsonNode entry = defaults.at(pointer);
            assertThat(entry.path("source").asText()).as(pointer + "'s source").contains(PRESET);
            if (value instanceof Boolean flag) {
                assertThat(entry.path("value").asBoolean()).as(pointer).isEqualTo(flag);
            } else if (value instanceof Number number) {
                assertThat(entry.path("value").asDouble()).as(pointer).isEqualTo(number.doubleValue());
            } else {
                assertThat(entry.path("value").asText()).as(pointer).isEqualTo(value);
            }
        });
        assertThat(claims(defaults, "")).as("every default that names the preset is checked here")
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
    }

    /** The JSON pointers of the defaults whose source names the prod preset. */
    private static List<String> claims(JsonNode node, String pointer) {
        List<String> found = new ArrayList<>();
        if (node.has("value") && node.has("source")) {
            if (node.path("source").asText().contains(PRESET)) {
                found.add(pointer);
            }
            return found;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            found.addAll(claims(field.getValue(), pointer + "/" + field.getKey()));
        }
        return found;
    }
}
