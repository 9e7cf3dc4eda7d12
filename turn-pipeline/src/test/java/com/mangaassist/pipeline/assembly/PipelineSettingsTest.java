package com.mangaassist.pipeline.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.shared.contract.InvalidSettingException;
import com.mangaassist.shared.contract.SettingNames;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The settings both compute paths bind, under exactly the keys {@link SettingNames} lists (what
 * the CDK app sets as environment variables), with their defaults and their one-sentence refusals.
 */
class PipelineSettingsTest {

    private static Map<String, Object> required() {
        Map<String, Object> props = new HashMap<>();
        props.put(SettingNames.CONVERSATION_TABLE, "conversations");
        props.put(SettingNames.CHAT_EVENTS_STREAM, "events");
        props.put(SettingNames.CONNECTIONS_ENDPOINT, "https://abc.execute-api.ap-northeast-1.amazonaws.com/prod");
        props.put(SettingNames.SAGEMAKER_ENDPOINT, "small");
        return props;
    }

    private static <T> T bind(Map<String, Object> props, Class<T> type) {
        try (ApplicationContext context = ApplicationContext.run(props)) {
            return context.getBean(type);
        }
    }

    @Test
    void bind_whenEveryKeyIsSet_readsEachUnderItsContractName() {
        Map<String, Object> props = required();
        props.put(SettingNames.SAGEMAKER_LARGE_ENDPOINT, "large");
        props.put(SettingNames.CONVERSATION_RETENTION, "30d");
        props.put(SettingNames.CREATE_TABLE, "true");
        props.put(SettingNames.REDIS_HOST, "redis.internal");
        props.put(SettingNames.REDIS_PORT, "6380");
        props.put(SettingNames.REDIS_TLS, "true");
        props.put(SettingNames.REDIS_AUTH_TOKEN, "t0ken");
        props.put(SettingNames.REDIS_AUTH_SECRET_ARN, "arn:aws:secretsmanager:ap-northeast-1:1:secret:redis");
        props.put(SettingNames.INFERENCE_FIRST_EVENT_TIMEOUT, "4s");
        props.put(SettingNames.INFERENCE_STREAM_TIMEOUT, "50s");
        props.put(SettingNames.KNOWLEDGE_SEARCH_ENDPOINT, "https://vpc-knowledge.ap-northeast-1.es.amazonaws.com");
        props.put(SettingNames.KNOWLEDGE_DEADLINE, "300ms");
        props.put(SettingNames.ORDERS_TABLE, "orders");
        props.put(SettingNames.QUOTA_DAILY_TOKENS, "200000");
        props.put(SettingNames.QUOTA_MONTHLY_TOKENS, "3000000");

        PipelineSettings settings = bind(props, PipelineSettings.class);

        assertThat(settings).isEqualTo(new PipelineSettings("conversations", "events", "https://abc.execute-api.ap-northeast-1.amazonaws.com/prod",
                "small", "large", Duration.ofDays(30), true,
                new PipelineSettings.Redis("redis.internal", 6380, true, "t0ken", "arn:aws:secretsmanager:ap-northeast-1:1:secret:redis"),
                new PipelineSettings.Inference(Duration.ofSeconds(4), Duration.ofSeconds(50)), PipelineSettings.Timings.DEFAULTS,
                new PipelineSettings.Knowledge("https://vpc-knowledge.ap-northeast-1.es.amazonaws.com", false, Duration.ofMillis(300)),
                new PipelineSettings.Orders("orders"), new PipelineSettings.Quota(200_000, 3_000_000)));
    }

    @Test
    void bind_whenOnlyTheRequiredKeysAreSet_takesTheDefaults() {
        PipelineSettings settings = bind(required(), PipelineSettings.class);

        assertThat(settings.sagemakerLargeEndpoint()).isNull();
        assertThat(settings.conversationRetention()).isEqualTo(Duration.ofDays(90));
        assertThat(settings.createTable()).isFalse();
        assertThat(settings.redis().enabled()).isFalse();
        assertThat(settings.inference()).isEqualTo(PipelineSettings.Inference.DEFAULTS);
        assertThat(settings.knowledge().enabled()).isFalse();
        assertThat(settings.orders().enabled()).isFalse();
        assertThat(settings.quota()).isEqualTo(PipelineSettings.Quota.NONE);
    }

    @Test
    void construct_whenATokenBudgetIsNegative_refusesItNamingTheVariable() {
        assertThatThrownBy(() -> new PipelineSettings.Quota(-1, 0)).isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("PIPELINE_QUOTA_DAILY_TOKENS (pipeline.quota.daily-tokens) is -1");
    }

    @Test
    void bind_whenARequiredKeyIsMissing_failsNamingItsEnvironmentVariable() {
        Map<String, Object> props = required();
        props.remove(SettingNames.CONVERSATION_TABLE);

        assertThatThrownBy(() -> bind(props, PipelineSettings.class)).isInstanceOf(BeanInstantiationException.class)
                .rootCause().isInstanceOf(InvalidSettingException.class)
                .hasMessage("PIPELINE_CONVERSATION_TABLE (pipeline.conversation-table) is not set: it must name the DynamoDB table that holds conversations");
    }

    @Test
    void construct_whenTheConnectionsEndpointIsNotAnAbsoluteUrl_refusesIt() {
        assertThatThrownBy(() -> new PipelineSettings("t", "s", "execute-api/prod", "small", null, Duration.ofDays(1), false, null, null, null, null, null, null))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("PIPELINE_CONNECTIONS_ENDPOINT (pipeline.connections-endpoint) is 'execute-api/prod': it must be an absolute http(s) URL");
    }

    @Test
    void construct_whenTheSearchEndpointIsNotAnAbsoluteUrl_refusesIt() {
        assertThatThrownBy(() -> new PipelineSettings.Knowledge("vpc-knowledge.es.amazonaws.com", false, Duration.ofMillis(250)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("PIPELINE_KNOWLEDGE_SEARCH_ENDPOINT (pipeline.knowledge.search-endpoint) is 'vpc-knowledge.es.amazonaws.com'");
    }

    @Test
    void construct_whenTheStreamTimeoutIsShorterThanTheFirstEvent_refusesIt() {
        assertThatThrownBy(() -> new PipelineSettings.Inference(Duration.ofSeconds(10), Duration.ofSeconds(5)))
                .hasMessageStartingWith("PIPELINE_INFERENCE_STREAM_TIMEOUT (pipeline.inference.stream-timeout) must be");
    }

    @Test
    void bindAws_readsTheRegionAndEveryEndpointOverride() {
        Map<String, Object> props = new HashMap<>();
        props.put(SettingNames.AWS_REGION, "ap-northeast-1");
        props.put(SettingNames.AWS_LOCAL_CREDENTIALS, "true");
        for (String service : new String[] {"dynamodb", "sqs", "kinesis", "sagemaker-runtime", "secretsmanager", "cloudwatch"}) {
            props.put(SettingNames.AWS_ENDPOINTS + "." + service, "http://127.0.0.1:1/" + service);
        }

        AwsSettings aws = bind(props, AwsSettings.class);

        assertThat(aws).isEqualTo(new AwsSettings("ap-northeast-1", true, new AwsSettings.Endpoints("http://127.0.0.1:1/dynamodb",
                "http://127.0.0.1:1/sqs", "http://127.0.0.1:1/kinesis", "http://127.0.0.1:1/sagemaker-runtime",
                "http://127.0.0.1:1/secretsmanager", "http://127.0.0.1:1/cloudwatch")));
    }

    @Test
    void environmentVariable_isTheKeyInUpperCaseWithUnderscores() {
        assertThat(SettingNames.environmentVariable(SettingNames.REDIS_AUTH_TOKEN)).isEqualTo("PIPELINE_REDIS_AUTH_TOKEN");
        assertThat(SettingNames.environmentVariable(SettingNames.TTFT_SLA)).isEqualTo("ORCHESTRATOR_ROUTING_TTFT_SLA");
    }
}
