package com.mangaassist.planner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.shared.contract.ScalingTargets;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void defaults_giveEveryParameterASource() throws Exception {
        JsonNode root = JSON.readTree(PlannerConfig.defaultsJson());
        List<String> unsourced = new ArrayList<>();
        walk(root, "", unsourced);

        assertThat(unsourced).isEmpty();
        assertThat(PlannerConfig.defaults().gpu().small().minInstances()).isEqualTo(ScalingTargets.MIN_GPU_INSTANCES);
    }

    @Test
    void defaults_simulateEachTierWithTheEngineSettingsTheCdkAppDeploys() {
        // ADR 0038/0039: one definition of each tier's batch and split, read by the CDK app and held here for the planner.
        PlannerConfig.GpuSettings gpu = PlannerConfig.defaults().gpu();
        assertThat(gpu.small().maxNumSeqs()).isEqualTo(com.mangaassist.shared.contract.EngineSettings.SMALL.maxNumSeqs());
        assertThat(gpu.small().tensorParallelSize()).isEqualTo(com.mangaassist.shared.contract.EngineSettings.SMALL.tensorParallelSize());
        assertThat(gpu.large().enabled()).isTrue();
        assertThat(gpu.large().maxNumSeqs()).isEqualTo(com.mangaassist.shared.contract.EngineSettings.LARGE.maxNumSeqs());
        assertThat(gpu.large().tensorParallelSize()).isEqualTo(com.mangaassist.shared.contract.EngineSettings.LARGE.tensorParallelSize());
    }

    @Test
    void parse_whenBareValuesReplaceSourcedOnes_readsThem() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(PlannerConfig.defaultsJson());
        ((ObjectNode) root.get("fargate")).put("minTasks", 3);

        assertThat(parse(root).fargate().minTasks()).isEqualTo(3);
    }

    @Test
    void parse_whenParameterMissing_refusesNamingIt() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(PlannerConfig.defaultsJson());
        ((ObjectNode) root.get("fargate")).remove("startMaxSeconds");

        assertThatThrownBy(() -> parse(root)).isInstanceOf(PlannerInputException.class)
                .hasMessage("plan.json: field 'fargate.startMaxSeconds' is missing.");
    }

    @Test
    void parse_whenParameterNegative_refusesNamingItAndTheRange() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(PlannerConfig.defaultsJson());
        ((ObjectNode) root.get("overflow")).set("coldInitMs", JSON.readTree("{\"value\": -5, \"source\": \"oops\"}"));

        assertThatThrownBy(() -> parse(root)).hasMessage("plan.json: field 'overflow.coldInitMs' must be within 0..600000, got -5.");
    }

    @Test
    void parse_whenGpuMinBelowTwo_refusesWithThePlatformsRule() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(PlannerConfig.defaultsJson());
        ((ObjectNode) root.get("gpu").get("small")).put("minInstances", 1);

        assertThatThrownBy(() -> parse(root)).hasMessageStartingWith("plan.json: field 'gpu.small.minInstances' must be at least 2 (the platform keeps two hot instances");
    }

    @Test
    void parse_whenFieldUnknownOrTyped_refuses() throws Exception {
        ObjectNode unknown = (ObjectNode) JSON.readTree(PlannerConfig.defaultsJson());
        ((ObjectNode) unknown.get("gateway")).put("throtleRate", 5);
        assertThatThrownBy(() -> parse(unknown)).hasMessageStartingWith("plan.json: field 'gateway.throtleRate' is not a known field");

        ObjectNode typed = (ObjectNode) JSON.readTree(PlannerConfig.defaultsJson());
        ((ObjectNode) typed.get("fargate")).put("minTasks", "ten");
        assertThatThrownBy(() -> parse(typed)).hasMessage("plan.json: field 'fargate.minTasks' must be a whole number.");

        ObjectNode mode = (ObjectNode) JSON.readTree(PlannerConfig.defaultsJson());
        ((ObjectNode) mode.get("routing")).put("spillMode", "sometimes");
        assertThatThrownBy(() -> parse(mode)).hasMessage("plan.json: field 'routing.spillMode' must be hybrid, baseline-only or overflow-only, got 'sometimes'.");

        assertThatThrownBy(() -> PlannerConfig.parse("plan.json", "{".getBytes(StandardCharsets.UTF_8))).hasMessageStartingWith("plan.json: is not JSON");
    }

    @Test
    void defaults_setNoTokenBudget() {
        PlannerConfig.QuotaSettings quota = PlannerConfig.defaults().quota();

        assertThat(quota).isEqualTo(PlannerConfig.QuotaSettings.NONE);
        assertThat(quota.enabled()).isFalse();
    }

    @Test
    void parse_whenQuotaNegative_refusesNamingIt() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(PlannerConfig.defaultsJson());
        ((ObjectNode) root.get("quota")).put("dailyTokens", -1);

        assertThatThrownBy(() -> parse(root)).hasMessage("plan.json: field 'quota.dailyTokens' must be within 0..2147483647, got -1.");
    }

    @Test
    void parse_whenQuotaMissing_refusesNamingIt() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(PlannerConfig.defaultsJson());
        root.remove("quota");

        assertThatThrownBy(() -> parse(root)).hasMessage("plan.json: field 'quota' is missing.");
    }

    @Test
    void parse_whenRetrievalP99BelowItsMedian_refusesNamingIt() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(PlannerConfig.defaultsJson());
        ((ObjectNode) root.get("retrieval")).put("latencyP99Ms", 40);

        assertThatThrownBy(() -> parse(root)).hasMessage("plan.json: field 'retrieval.latencyP99Ms' must be at least latencyP50Ms (55.8), got 40.0.");
    }

    @Test
    void parse_whenSearchDomainHasAnEvenClusterManagerCount_refusesAsTheCdkDoes() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(PlannerConfig.defaultsJson());
        ((ObjectNode) root.get("retrieval").get("domain")).put("masterNodes", 2);

        assertThatThrownBy(() -> parse(root)).hasMessageStartingWith("plan.json: field 'retrieval.domain.masterNodes' must be 0, 3 or 5");
    }

    @Test
    void defaults_retrievalIsThePlatformsDeadlineAndTheProdDomain() {
        PlannerConfig.RetrievalSettings r = PlannerConfig.defaults().retrieval();

        assertThat(r.enabled()).isTrue();
        assertThat(r.deadlineMs()).isEqualTo(250);
        assertThat(r.domain()).isEqualTo(new PlannerConfig.SearchDomainSettings("m6g.large.search", 2, "m6g.large.search", 3, 10));
    }

    @Test
    void priceTable_whenSearchInstanceTypeUnlisted_refusesNamingTheConfigField() {
        PriceTable prices = PriceTable.defaults();

        assertThat(prices.searchInstanceHour("m6g.large.search", "retrieval.domain.dataInstanceType")).isPositive();
        assertThatThrownBy(() -> prices.searchInstanceHour("r7g.16xlarge.search", "retrieval.domain.dataInstanceType"))
                .hasMessage("the price table of 2024-12-01 has no price for r7g.16xlarge.search (named by retrieval.domain.dataInstanceType); "
                        + "add it under openSearchInstanceHour.");
    }

    @Test
    void priceTable_whenDateMissingOrMalformed_refuses() throws Exception {
        ObjectNode prices = (ObjectNode) JSON.readTree(getClass().getResourceAsStream("/com/mangaassist/planner/default-prices.json"));
        prices.remove("date");
        assertThatThrownBy(() -> PriceTable.parse("prices.json", JSON.writeValueAsBytes(prices))).hasMessage("prices.json: field 'date' is missing.");

        prices.put("date", "last spring");
        assertThatThrownBy(() -> PriceTable.parse("prices.json", JSON.writeValueAsBytes(prices)))
                .hasMessage("prices.json: field 'date' must be the day the prices were read, as YYYY-MM-DD, got 'last spring'.");
    }

    @Test
    void priceTable_whenInstanceTypeUnlisted_refusesNamingTheConfigField() {
        PriceTable prices = PriceTable.defaults();

        assertThat(prices.instanceHour("ml.g5.2xlarge", "gpu.small.instanceType")).isPositive();
        assertThatThrownBy(() -> prices.instanceHour("ml.p5.48xlarge", "gpu.small.instanceType"))
                .hasMessage("the price table of 2024-12-01 has no price for ml.p5.48xlarge (named by gpu.small.instanceType); add it under sagemakerInstanceHour.");
    }

    private static PlannerConfig parse(JsonNode root) throws Exception {
        return PlannerConfig.parse("plan.json", JSON.writeValueAsBytes(root));
    }

    /** A parameter is an object with "value"; everything else under the root is a section or a list of them. */
    private static void walk(JsonNode node, String path, List<String> unsourced) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", unsourced);
            }
            return;
        }
        if (node.has("value")) {
            JsonNode source = node.get("source");
            if (source == null || source.asText().isBlank()) {
                unsourced.add(path);
            }
            return;
        }
        if (!node.isObject()) {
            unsourced.add(path);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            walk(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), unsourced);
        }
    }
}
