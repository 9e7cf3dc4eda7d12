package com.mangaassist.infra;

import static com.mangaassist.infra.ContextOverridesTest.logicalId;
import static com.mangaassist.infra.PlatformStackTest.actions;
import static com.mangaassist.infra.PlatformStackTest.resources;
import static com.mangaassist.infra.PlatformStackTest.statementsOfRoleMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.infra.config.EnvironmentConfig;
import com.mangaassist.infra.observability.UsageByPrincipal;
import com.mangaassist.infra.pipeline.TurnPipelineAccess;
import com.mangaassist.shared.contract.LogEvents;
import com.mangaassist.shared.contract.SettingNames;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Per-caller token budgets (issue 30, ADR 0046) as the stack provisions them: both compute paths
 * are told the environment's budgets and may read a caller's usage counters, and operators see who
 * uses the tokens, in a saved Logs Insights query and on the dashboard, from the one query text
 * over both paths' log groups.
 */
class PerCallerUsageTest {

    private static final List<String> COMPUTE_ROLES = List.of("BaselineTaskTaskRole", "OverflowFunctionServiceRole");

    private final Template dev = SynthesizedPlatform.of("dev").template();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void computePaths_whenSynthesized_areToldTheEnvironmentsBudgets(String env) {
        EnvironmentConfig preset = EnvironmentConfig.named(env);

        assertQuotasOnBothPaths(SynthesizedPlatform.of(env).template(), Long.toString(preset.quotas().dailyTokens()),
                Long.toString(preset.quotas().monthlyTokens()));
    }

    @Test
    void presets_whenRead_budgetTheDayBelowTheMonth() {
        assertThat(EnvironmentConfig.dev().quotas()).satisfies(q -> {
            assertThat(q.dailyTokens()).isEqualTo(200_000);
            assertThat(q.monthlyTokens()).isEqualTo(2_000_000);
        });
        assertThat(EnvironmentConfig.prod().quotas()).satisfies(q -> {
            assertThat(q.dailyTokens()).isEqualTo(200_000);
            assertThat(q.monthlyTokens()).isEqualTo(3_000_000);
        });
    }

    @Test
    void conversationTable_whenSynthesized_letsBothPathsBatchReadTheUsageCountersOnTheTableAlone() {
        String conversations = logicalId(dev, "AWS::DynamoDB::Table", "DataConversations");

        assertThat(TurnPipelineAccess.CONVERSATION_ACTIONS).contains("dynamodb:BatchGetItem")
                .noneMatch(action -> action.equals("dynamodb:BatchWriteItem"));
        for (String role : COMPUTE_ROLES) {
            List<Map<String, Object>> batchReads = statementsOfRoleMatching(dev, role).stream()
                    .filter(statement -> actions(statement).contains("dynamodb:BatchGetItem")).toList();
            assertThat(batchReads).as(role).singleElement().satisfies(statement -> {
                // The table alone: the counters are items of it, and no index holds them.
                assertThat(resources(statement)).singleElement().asString().contains(conversations).doesNotContain("/index/", "*");
                assertThat(statement.get("Effect")).isEqualTo("Allow");
            });
        }
    }

    @Test
    void savedQuery_whenSynthesized_sumsTokensPerPrincipalOverBothPathsLogGroups() {
        dev.hasResourceProperties("AWS::Logs::QueryDefinition", Map.of(
                "Name", "MangaAssist-dev/usage-by-principal",
                "QueryString", UsageByPrincipal.query(UsageByPrincipal.SAVED_QUERY_LIMIT),
                "LogGroupNames", List.of(Map.of("Ref", logGroup("BaselineLogs")), Map.of("Ref", logGroup("OverflowLogs")))));
        dev.resourceCountIs("AWS::Logs::QueryDefinition", 1);
    }

    @Test
    void query_whenBuilt_filtersUsageLinesAndRanksPrincipalsByTokens() {
        assertThat(UsageByPrincipal.query(25)).isEqualTo("""
                filter @message like /event=usage_charged principal=/
                | parse @message /event=usage_charged principal=(?<principal>\\S+) tokens=(?<tokens>\\d+)/
                | stats sum(tokens) as tokensCharged, count(*) as answers by principal
                | sort tokensCharged desc
                | limit 25""");
        assertThat(UsageByPrincipal.query(10)).endsWith("\n| limit 10");
    }

    /** Each path's line as its logging writes it: the orchestrator's logback JSON, the overflow function's Powertools JSON. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"timestamp\":1765152000000,\"level\":\"INFO\",\"threadName\":\"turn-3\",\"loggerName\":\"com.mangaassist.pipeline.turn.TurnPipeline\","
                    + "\"mdc\": {\"requestId\":\"r-1\",\"messageId\":\"m-1\"},\"formattedMessage\":\"event=usage_charged "
                    + "principal=auth0|5f1c tokens=1234 route=baseline tier=small\",\"throwable\":null}",
            "{\"level\":\"INFO\",\"message\":\"event=usage_charged principal=auth0|5f1c tokens=1234 route=overflow tier=large\","
                    + "\"cold_start\":false,\"function_request_id\":\"c6af9ac6\",\"messageId\":\"m-1\",\"timestamp\":\"2026-12-08T00:00:00.000Z\"}"})
    void parsePattern_whenGivenEitherPathsLine_readsThePrincipalAndTheTokens(String line) {
        Matcher matcher = Pattern.compile(UsageByPrincipal.PARSE_PATTERN).matcher(line);

        assertThat(line).contains("event=" + LogEvents.USAGE_CHARGED + " principal=");
        assertThat(matcher.find()).isTrue();
        assertThat(matcher.group("principal")).isEqualTo("auth0|5f1c");
        assertThat(matcher.group("tokens")).isEqualTo("1234");
    }

    @Test
    void dashboard_whenSynthesized_tablesTheTopTenCallersOverBothPathsLogGroups() throws Exception {
        JsonNode widget = SignalsTest.widget(dev, UsageByPrincipal.WIDGET_TITLE);

        assertThat(widget.path("view").asText()).isEqualTo("table");
        // CloudWatch names a log widget's groups in its query; the tokens are the two groups' names (below).
        assertThat(widget.path("query").asText()).isEqualTo("SOURCE 'token' | SOURCE 'token' | "
                + UsageByPrincipal.query(UsageByPrincipal.DASHBOARD_LIMIT));
        assertThat(PlatformStackTest.json(SignalsTest.dashboardBody(dev)))
                .contains("{\"Ref\":\"" + logGroup("BaselineLogs") + "\"}", "{\"Ref\":\"" + logGroup("OverflowLogs") + "\"}");
    }

    /** Both compute paths' environment holds the two budgets with these values. */
    static void assertQuotasOnBothPaths(Template template, String daily, String monthly) {
        String dailyVariable = SettingNames.environmentVariable(SettingNames.QUOTA_DAILY_TOKENS);
        String monthlyVariable = SettingNames.environmentVariable(SettingNames.QUOTA_MONTHLY_TOKENS);

        assertThat(List.of(dailyVariable, monthlyVariable)).containsExactly("PIPELINE_QUOTA_DAILY_TOKENS", "PIPELINE_QUOTA_MONTHLY_TOKENS");
        for (Map<String, Object> variable : List.of(Map.<String, Object>of("Name", dailyVariable, "Value", daily),
                Map.<String, Object>of("Name", monthlyVariable, "Value", monthly))) {
            template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(Match.objectLike(Map.of(
                    "Name", "orchestrator", "Environment", Match.arrayWith(List.of(variable)))))));
        }
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", Match.stringLikeRegexp(".*OverflowHandler.*"),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(dailyVariable, daily, monthlyVariable, monthly)))));
    }

    private String logGroup(String prefix) {
        return logicalId(dev, "AWS::Logs::LogGroup", prefix);
    }
}
