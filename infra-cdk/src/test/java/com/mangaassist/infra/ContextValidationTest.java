package com.mangaassist.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.infra.config.InvalidContextException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** Every context key is checked before any construct exists, and a bad one stops synth with one sentence naming it. */
class ContextValidationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "oidcIssuer|MangaAssist-dev needs -c oidcIssuer=https://<your identity provider>",
            "nlbCertificateArn|MangaAssist-dev needs -c nlbCertificateArn=",
            "nlbHostname|MangaAssist-dev needs -c nlbHostname=",
            "apiGatewayAccountRole|MangaAssist-dev needs -c apiGatewayAccountRole=<create or existing>"})
    void platform_whenRequiredKeyMissing_refusesNamingTheKey(String key, String message) {
        Map<String, Object> context = SynthesizedPlatform.context("dev");
        context.remove(key);

        assertThatThrownBy(() -> SynthesizedPlatform.build(context))
                .isInstanceOfSatisfying(InvalidContextException.class, e -> assertThat(e.key()).isEqualTo(key))
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "oidcIssuer|http://login.example.com/|an https URL",
            "oidcIssuer|login.example.com|an https URL",
            "oidcAudience|two words|printable characters without spaces",
            "nlbCertificateArn|arn:aws:iam::123456789012:server-certificate/x|an ACM certificate ARN",
            "nlbCertificateArn|arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d|a certificate of account 123456789012 in ap-northeast-1",
            "nlbHostname|Orchestrator_Internal|a lower-case DNS name",
            "gpuInstanceType|g5.xlarge|a SageMaker instance type",
            "gpuMinInstances|1|at least 2",
            "gpuMaxInstances|1|at least gpuMinInstances (2)",
            "gpuMinInstances|two|a whole number",
            "orchestratorMinTasks|0|at least 1",
            "orchestratorMaxTasks|0|at least orchestratorMinTasks (1)",
            "orchestratorTurnCapacity|0|at least 1 turn",
            "overflowMaxConcurrency|1|within 2..1000",
            "quotaDailyTokens|-1|0 (no daily budget) or a positive number of tokens",
            "quotaDailyTokens|lots|a whole number",
            "quotaDailyTokens|1.5|a whole number",
            "quotaMonthlyTokens|-1|0 (no monthly budget) or a positive number of tokens",
            "quotaMonthlyTokens|99999999999999999999|a whole number within",
            "quotaMonthlyTokens|100000|0 (no monthly budget) or at least quotaDailyTokens (200000)",
            "alarmEmail|oncall-at-example|an email address",
            "apiGatewayAccountRole|maybe|create or existing",
            "gpuAutoscaling|off|on or suspended",
            "redisAuthTokenGeneration|0|within 1..1000000",
            "searchInstanceType|m6g.large|an OpenSearch Service instance type",
            "searchInstanceType|ml.m6g.large|an OpenSearch Service instance type",
            "searchDataNodes|0|at least 1",
            "searchDataNodes|81|within 0..80",
            "searchDataNodes|3|a multiple of the 2 availability zones",
            "knowledgeDataPrefix|s3://mangaassist-dev-artifacts-123456789012/knowledge/3f9c2a7b41de/|one key segment under knowledge/",
            "knowledgeDataPrefix|models/llama-3-8b-awq/|one key segment under knowledge/",
            "knowledgeDataPrefix|knowledge/|one key segment under knowledge/",
            "knowledgeDataPrefix|knowledge/../lambda-overflow/|one key segment under knowledge/",
            "knowledgeDataPrefix|knowledge/3f9c2a7b41de/catalog/|one key segment under knowledge/",
            "knowledgeDataPrefix|/knowledge/3f9c2a7b41de/|one key segment under knowledge/",
            "availabilityZones|us-east-1a,us-east-1b|distinct availability zones of ap-northeast-1",
            "availabilityZones|ap-northeast-1a,ap-northeast-1a|distinct availability zones of ap-northeast-1",
            "availabilityZones|ap-northeast-1a|at least 2"})
    void platform_whenValueUnusable_refusesNamingKeyAndExpectation(String key, String value, String expectation) {
        Map<String, Object> context = SynthesizedPlatform.context("dev");
        context.put(key, value);

        assertThatThrownBy(() -> SynthesizedPlatform.build(context))
                .isInstanceOfSatisfying(InvalidContextException.class, e -> assertThat(e.key()).isEqualTo(key))
                .hasMessageContaining(key + "=").hasMessageContaining(expectation);
    }

    @Test
    void app_whenEnvironmentUnknown_refuses() {
        Map<String, Object> context = SynthesizedPlatform.context("dev");
        context.put("env", "staging");

        assertThatThrownBy(() -> SynthesizedPlatform.build(context))
                .isInstanceOf(InvalidContextException.class).hasMessage("env=staging is not usable: env must be dev or prod.");
    }

    @Test
    void platform_whenNoAccountOrRegion_refusesSayingSo() {
        Map<String, Object> context = SynthesizedPlatform.context("dev");
        context.remove("account");
        context.remove("region");

        assertThatThrownBy(() -> SynthesizedPlatform.build(context))
                .isInstanceOf(InvalidContextException.class)
                .hasMessageStartingWith("MangaAssist-dev needs a concrete account and region");
    }

    @Test
    void platform_whenZoneLookupUnanswered_carriesAnErrorNamingTheFix() {
        Map<String, Object> context = SynthesizedPlatform.context("dev");
        context.remove(SynthesizedPlatform.ZONE_LOOKUP_KEY);
        App app = new App(AppProps.builder().context(context).build());
        PlatformStack stack = MangaAssistApp.build(app).platform().orElseThrow();

        List<SynthesisMessage> errors = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp(".*availability-zone lookup.*"));

        assertThat(errors).singleElement().extracting(m -> m.getEntry().getData().toString()).asString()
                .contains("account 123456789012 in ap-northeast-1", "-c availabilityZones=ap-northeast-1a,ap-northeast-1c");
    }
}
