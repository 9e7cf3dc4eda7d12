package com.mangaassist.infra.pipeline;

import com.mangaassist.infra.data.DataStores;
import com.mangaassist.shared.contract.SettingNames;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * What the turn pipeline needs, wherever it runs (Fargate task or Lambda): the conversation store,
 * the chat-events stream, the Redis token, the GPU endpoint and the @connections API, each scoped
 * to the one resource. Both compute paths take their grants and environment from here, so the two
 * can never drift apart.
 */
public record TurnPipelineAccess(DataStores data, String endpointArn, String endpointName, String connectionsArn,
                                 String managementEndpoint) {

    public void grantTo(IGrantable principal) {
        data.conversations().grantReadWriteData(principal);
        data.chatEvents().grantWrite(principal);
        data.redisAuth().grantRead(principal);
        principal.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointWithResponseStream"))
                .resources(List.of(endpointArn)).build());
        principal.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("execute-api:ManageConnections"))
                .resources(List.of(connectionsArn)).build());
    }

    /** Configuration both services read; secrets are referenced, never inlined. */
    public Map<String, String> environment() {
        return Map.of(
                env(SettingNames.CONVERSATION_TABLE), data.conversations().getTableName(),
                env(SettingNames.CHAT_EVENTS_STREAM), data.chatEvents().getStreamName(),
                env(SettingNames.REDIS_HOST), data.redisHost(),
                env(SettingNames.REDIS_PORT), Integer.toString(DataStores.REDIS_PORT),
                env(SettingNames.REDIS_TLS), "true",
                env(SettingNames.SAGEMAKER_ENDPOINT), endpointName,
                env(SettingNames.CONNECTIONS_ENDPOINT), managementEndpoint);
    }

    /** The environment variable a service reads {@code key} from (see shared's SettingNames). */
    public static String env(String key) {
        return SettingNames.environmentVariable(key);
    }
}
