package com.mangaassist.infra;

import static com.mangaassist.infra.ContextOverridesTest.logicalId;
import static com.mangaassist.infra.PlatformStackTest.actions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.infra.config.InvalidContextException;
import com.mangaassist.shared.contract.SettingNames;
import com.mangaassist.shared.wire.gateway.GatewayHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The second proof of origin in the template (ADR 0027): every integration maps the stage's
 * origin proof into the header the orchestrator checks, the stage takes it from the secret when
 * CloudFormation resolves it (the version the rotation runbook names, when it names one), and the
 * tasks alone may read the secret, whose ARN they are given.
 */
class OriginProofTemplateTest {

    private final Template template = SynthesizedPlatform.of("dev").template();

    private String secret() {
        return logicalId(template, "AWS::SecretsManager::Secret", "OriginProofSecret");
    }

    @Test
    void integrations_whenSynthesized_mapTheStagesOriginProofIntoEveryCall() {
        for (String path : List.of("connect", "disconnect", "default")) {
            template.hasResourceProperties("AWS::ApiGatewayV2::Integration", Map.of(
                    "IntegrationUri", "https://" + SynthesizedPlatform.NLB_HOSTNAME + "/gateway/" + path,
                    "RequestParameters", Match.objectLike(Map.of("integration.request.header." + GatewayHeaders.ORIGIN_PROOF,
                            "stageVariables.originProof"))));
        }
    }

    @Test
    void stage_whenSynthesized_takesTheOriginProofFromTheSecretWhenCloudFormationResolvesIt() {
        template.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of("StageVariables", Map.of("originProof",
                Map.of("Fn::Join", List.of("", List.of("{{resolve:secretsmanager:", Map.of("Ref", secret()), ":SecretString:::}}"))))));
        template.hasResourceProperties("AWS::SecretsManager::Secret", Map.of("Description", Match.stringLikeRegexp("Origin proof.*"),
                "KmsKeyId", Map.of("Fn::GetAtt", List.of(logicalId(template, "AWS::KMS::Key", "DataDataKey"), "Arn")),
                "GenerateSecretString", Map.of("ExcludePunctuation", true, "PasswordLength", 64)));
    }

    @Test
    void stage_whenTheRunbookNamesTheRotatedVersion_resolvesThatVersion() {
        Map<String, Object> context = SynthesizedPlatform.context("dev");
        context.put("originProofVersion", "0f6c2a1e-8d4b-4c3a-9e2f-7a1b5c9d3e4f");
        Template rotated = SynthesizedPlatform.synth(context).template();

        rotated.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of("StageVariables", Map.of("originProof",
                Map.of("Fn::Join", List.of("", List.of("{{resolve:secretsmanager:",
                        Map.of("Ref", logicalId(rotated, "AWS::SecretsManager::Secret", "OriginProofSecret")),
                        ":SecretString:::0f6c2a1e-8d4b-4c3a-9e2f-7a1b5c9d3e4f}}"))))));
    }

    @Test
    void originProofVersion_whenNotAVersionId_stopsSynthNamingTheKey() {
        Map<String, Object> context = SynthesizedPlatform.context("dev");
        context.put("originProofVersion", "AWSCURRENT");

        assertThatThrownBy(() -> SynthesizedPlatform.build(context))
                .isInstanceOfSatisfying(InvalidContextException.class, e -> assertThat(e.key()).isEqualTo("originProofVersion"))
                .hasMessageContaining("originProofVersion=AWSCURRENT").hasMessageContaining("VersionId");
    }

    @Test
    void originProofSecret_whenSynthesized_isReadByTheTaskRoleAloneAndNamedToTheTasks() {
        assertThat(TrustBoundaryTest.readersOf(template, secret())).containsExactly("BaselineTaskTaskRole");
        template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(Match.objectLike(Map.of(
                "Environment", Match.arrayWith(List.of(Map.of("Name", SettingNames.environmentVariable(SettingNames.ORIGIN_PROOF_SECRET_ARN),
                        "Value", Map.of("Ref", secret())))))))));
        assertThat(PlatformStackTest.statementsOfRoleMatching(template, "OverflowFunctionServiceRole"))
                .noneMatch(s -> actions(s).contains("secretsmanager:GetSecretValue") && s.get("Resource").toString().contains(secret()));
    }
}
