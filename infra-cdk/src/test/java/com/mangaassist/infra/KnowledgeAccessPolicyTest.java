package com.mangaassist.infra;

import static com.mangaassist.infra.KnowledgeSearchTest.castMap;
import static com.mangaassist.infra.KnowledgeSearchTest.properties;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * Who may do what on the knowledge search domain (ADR 0029), read from the domain's access policy
 * as "role method path" grants: the orchestrator tasks and the overflow function may only GET and
 * POST the alias's search paths (searches, documents, and {@code _mget} for the top hits' passages); only the ingestion task may create, write, delete index versions
 * and move the alias; nobody gets a wildcard principal, action or path, and no role holds an
 * {@code es:} grant of its own that could widen it.
 */
class KnowledgeAccessPolicyTest {

    private static final String DOMAIN_ARN = "arn:aws:es:" + SynthesizedPlatform.REGION + ":" + SynthesizedPlatform.ACCOUNT
            + ":domain/mangaassist-dev-search/";
    private static final String TASK_ROLE = "BaselineTaskTaskRole";
    private static final String FUNCTION_ROLE = "OverflowFunctionServiceRole";
    private static final String INGEST_ROLE = "KnowledgeIngestTaskTaskRole";
    private static final List<String> READER_GRANTS = List.of("ESHttpGet knowledge/_search", "ESHttpPost knowledge/_search",
            "ESHttpGet knowledge/_msearch", "ESHttpPost knowledge/_msearch", "ESHttpGet knowledge/_doc/*", "ESHttpPost knowledge/_doc/*",
            "ESHttpGet knowledge/_mget", "ESHttpPost knowledge/_mget");

    private final Template preset = SynthesizedPlatform.of("dev").template();
    private final Template withIngest = SynthesizedPlatform.withKnowledgeData("dev").template();

    @Test
    void readers_whenSynthesized_mayOnlyGetAndPostTheAliasSearchPaths() {
        for (String role : List.of(TASK_ROLE, FUNCTION_ROLE)) {
            assertThat(grantsOf(withIngest, role)).as(role).containsExactlyInAnyOrderElementsOf(READER_GRANTS);
        }
    }

    @Test
    void readers_whenSynthesized_mayPostMgetOnTheAliasAndOnNoOtherIndex() {
        for (String role : List.of(TASK_ROLE, FUNCTION_ROLE)) {
            assertThat(grantsOf(preset, role)).as(role).contains("ESHttpPost knowledge/_mget")
                    .filteredOn(grant -> grant.endsWith("_mget")).allSatisfy(grant -> assertThat(grant).endsWith(" knowledge/_mget"));
        }
        assertThat(grantsOf(withIngest, INGEST_ROLE)).as("ingestion reads nothing through the alias").noneMatch(grant -> grant.contains("_mget"));
    }

    @Test
    void ingestionRole_whenSynthesized_buildsVersionsAndMovesTheAliasButDoesNotSearchIt() {
        assertThat(grantsOf(withIngest, INGEST_ROLE)).containsExactlyInAnyOrder(
                "ESHttpGet knowledge-v*", "ESHttpPut knowledge-v*", "ESHttpPost knowledge-v*", "ESHttpDelete knowledge-v*",
                "ESHttpPost _aliases", "ESHttpGet _alias/knowledge");
    }

    @Test
    void policy_whenNoIngestionTask_grantsTheReadersAndNobodyElse() {
        assertThat(grants(preset)).containsExactlyInAnyOrderElementsOf(READER_GRANTS.stream()
                .flatMap(grant -> List.of(TASK_ROLE + " " + grant, FUNCTION_ROLE + " " + grant).stream()).toList());
    }

    @Test
    void policy_whenSynthesized_hasNoWildcardPrincipalActionOrDomainWideResource() {
        for (Map<String, Object> statement : statements(withIngest)) {
            assertThat(statement).containsEntry("Effect", "Allow");
            assertThat(String.valueOf(statement.get("Principal"))).doesNotContain("*");
            assertThat(list(statement.get("Action"))).allSatisfy(action -> assertThat(action.toString()).startsWith("es:ESHttp")
                    .doesNotContain("*"));
            assertThat(list(statement.get("Resource"))).allSatisfy(resource -> assertThat(render(resource)).startsWith(DOMAIN_ARN)
                    .isNotEqualTo(DOMAIN_ARN + "*"));
        }
    }

    @Test
    void roles_whenSynthesized_holdNoOpenSearchGrantOfTheirOwn() {
        for (String role : List.of(TASK_ROLE, FUNCTION_ROLE, INGEST_ROLE)) {
            assertThat(PlatformStackTest.statementsOfRoleMatching(withIngest, role)).as(role)
                    .allSatisfy(statement -> assertThat(PlatformStackTest.actions(statement)).noneMatch(action -> action.startsWith("es:")));
        }
    }

    /** Every grant as "role method path". */
    private static List<String> grants(Template template) {
        List<String> grants = new ArrayList<>();
        for (Map<String, Object> statement : statements(template)) {
            String principal = String.valueOf(castMap(statement.get("Principal")).get("AWS"));
            String role = List.of(TASK_ROLE, FUNCTION_ROLE, INGEST_ROLE).stream().filter(principal::contains).findFirst()
                    .orElse("unexpected principal " + principal);
            for (Object action : list(statement.get("Action"))) {
                for (Object resource : list(statement.get("Resource"))) {
                    grants.add(role + " " + action.toString().replace("es:", "") + " " + render(resource).replace(DOMAIN_ARN, ""));
                }
            }
        }
        return grants;
    }

    private static List<String> grantsOf(Template template, String role) {
        return grants(template).stream().filter(grant -> grant.startsWith(role + " ")).map(grant -> grant.substring(role.length() + 1)).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Template template) {
        Map<String, Object> policy = castMap(properties(template, "AWS::OpenSearchService::Domain", "KnowledgeDomain").get("AccessPolicies"));
        return (List<Map<String, Object>>) policy.get("Statement");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> items ? (List<Object>) items : List.of(value);
    }

    /** A resource ARN as CloudFormation resolves it here: literals, the partition, and joins of them. */
    @SuppressWarnings("unchecked")
    static String render(Object value) {
        if (value instanceof String text) {
            return text;
        }
        Map<String, Object> intrinsic = castMap(value);
        if (intrinsic.containsKey("Fn::Join")) {
            List<Object> join = (List<Object>) intrinsic.get("Fn::Join");
            List<String> parts = ((List<Object>) join.get(1)).stream().map(KnowledgeAccessPolicyTest::render).toList();
            return String.join((String) join.get(0), parts);
        }
        if ("AWS::Partition".equals(intrinsic.get("Ref"))) {
            return "aws";
        }
        return "<" + intrinsic + ">";
    }
}
