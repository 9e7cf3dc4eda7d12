package com.mangaassist.orchestrator.health;

import com.mangaassist.orchestrator.config.OrchestratorSettings;
import com.mangaassist.pipeline.assembly.PipelineSettings;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

@Factory
class HealthFactory {

    @Singleton
    @Bean(preDestroy = "close")
    DependencyProbe dependencies(DynamoDbClient dynamo, SqsClient sqs, PipelineSettings pipeline, OrchestratorSettings settings) {
        Map<String, Supplier<Boolean>> checks = new LinkedHashMap<>();
        checks.put("conversation table", () -> dynamo.describeTable(b -> b.tableName(pipeline.conversationTable())).table() != null);
        if (settings.hasOverflowQueue()) {
            checks.put("overflow queue", () -> {
                sqs.getQueueAttributes(b -> b.queueUrl(settings.overflowQueueUrl()));
                return true;
            });
        }
        return new DependencyProbe(checks, Duration.ofSeconds(5));
    }
}
