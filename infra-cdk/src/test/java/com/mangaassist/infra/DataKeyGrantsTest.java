package com.mangaassist.infra;

import static com.mangaassist.infra.ContextOverridesTest.logicalId;
import static com.mangaassist.infra.PlatformStackTest.actions;
import static com.mangaassist.infra.PlatformStackTest.statementsOfRoleMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * What each compute role may do with the platform data key, which protects DynamoDB, the cache,
 * the stream, the queues and the secrets (ADR 0027): each action only through the one service
 * whose data path needs it — DynamoDB decrypts the table key with the caller's credentials,
 * Kinesis and SQS producers need a data key generated for them (SQS also decrypts it again),
 * Secrets Manager decrypts a secret for its reader — and no role may Encrypt, ReEncrypt or
 * generate keys for itself.
 */
class DataKeyGrantsTest {

    private static final String REGION = SynthesizedPlatform.REGION;

    private final Template template = SynthesizedPlatform.of("dev").template();

    /**
     * "action via service" for every kms: action the data key allows a role, from the role's own
     * policies and from the key policy's statements naming it ("via any" without a ViaService condition).
     */
    @SuppressWarnings("unchecked")
    private List<String> dataKeyUses(String rolePrefix) {
        String key = logicalId(template, "AWS::KMS::Key", "DataDataKey");
        Map<String, Object> keyPolicy = (Map<String, Object>) ((Map<String, Object>) template.findResources("AWS::KMS::Key").get(key)
                .get("Properties")).get("KeyPolicy");
        List<Map<String, Object>> fromKeyPolicy = ((List<Map<String, Object>>) keyPolicy.get("Statement")).stream()
                .filter(s -> String.valueOf(s.get("Principal")).contains(rolePrefix)).toList();
        List<Map<String, Object>> fromRole = statementsOfRoleMatching(template, rolePrefix).stream()
                .filter(s -> s.get("Resource").toString().contains(key)).toList();
        return Stream.concat(fromRole.stream(), fromKeyPolicy.stream())
                .flatMap(s -> {
                    Map<String, Object> conditions = (Map<String, Object>) s.getOrDefault("Condition", Map.of());
                    Object via = ((Map<String, Object>) conditions.getOrDefault("StringEquals", Map.of())).get("kms:ViaService");
                    String service = via == null ? "any" : via.toString().replace("." + REGION + ".amazonaws.com", "");
                    return actions(s).stream().filter(a -> a.startsWith("kms:")).map(a -> a + " via " + service);
                })
                .toList();
    }

    @Test
    void taskRole_whenSynthesized_usesTheDataKeyOnlyThroughTheServicesOfItsDataPaths() {
        assertThat(dataKeyUses("BaselineTaskTaskRole")).containsExactlyInAnyOrder(
                "kms:Decrypt via dynamodb",
                "kms:GenerateDataKey via kinesis",
                "kms:GenerateDataKey via sqs", "kms:Decrypt via sqs",
                "kms:Decrypt via secretsmanager");
    }

    @Test
    void functionRole_whenSynthesized_usesTheDataKeyOnlyForItsDataPaths() {
        // Decrypt without a service condition is what CDK's SQS event source grants a consumer; it decrypts nothing else.
        assertThat(dataKeyUses("OverflowFunctionServiceRole")).containsExactlyInAnyOrder(
                "kms:Decrypt via dynamodb",
                "kms:GenerateDataKey via kinesis",
                "kms:Decrypt via any",
                "kms:Decrypt via secretsmanager");
    }

    @Test
    void executionRole_whenSynthesized_onlyDecryptsTheRedisTokenThroughSecretsManager() {
        assertThat(dataKeyUses("BaselineTaskExecutionRole")).containsExactly("kms:Decrypt via secretsmanager");
    }

    @Test
    void computeRoles_whenSynthesized_mayNeitherEncryptNorReEncryptNorGenerateKeysByWildcard() {
        for (String role : List.of("BaselineTaskTaskRole", "OverflowFunctionServiceRole", "BaselineTaskExecutionRole")) {
            assertThat(statementsOfRoleMatching(template, role)).as(role).allSatisfy(statement -> assertThat(actions(statement))
                    .doesNotContain("kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:*"));
        }
    }
}
