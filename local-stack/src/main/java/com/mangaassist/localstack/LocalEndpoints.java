package com.mangaassist.localstack;

import com.mangaassist.shared.contract.SettingNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where everything the local stack started listens, printed at start and written as an env file
 * in the AWS SDKs' own names ({@code AWS_ENDPOINT_URL_<SERVICE>}, which the AWS CLI and every
 * current SDK read), so {@code source target/local-stack/env.sh; aws dynamodb scan --table-name
 * "$MANGAASSIST_CONVERSATION_TABLE"} works against the emulators unchanged.
 */
record LocalEndpoints(Map<String, String> variables) {

    LocalEndpoints {
        Map<String, String> known = new LinkedHashMap<>();
        variables.forEach((name, value) -> {
            if (value != null) {
                known.put(name, value);
            }
        });
        variables = java.util.Collections.unmodifiableMap(known);
    }

    /** @param pipeline the properties the services were started with (endpoints, names) */
    static LocalEndpoints of(Map<String, String> pipeline, String region, String queueUrl, String dlqUrl, String chatUrl, String managementEndpoint) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        // The emulators accept any key: these are not secrets, and nothing here reaches AWS.
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", pipeline.get(SettingNames.AWS_ENDPOINTS + ".dynamodb"));
        env.put("AWS_ENDPOINT_URL_SQS", pipeline.get(SettingNames.AWS_ENDPOINTS + ".sqs"));
        env.put("AWS_ENDPOINT_URL_KINESIS", pipeline.get(SettingNames.AWS_ENDPOINTS + ".kinesis"));
        env.put("AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME", pipeline.get(SettingNames.AWS_ENDPOINTS + ".sagemaker-runtime"));
        env.put("AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI", managementEndpoint);
        env.put("MANGAASSIST_CHAT_URL", chatUrl);
        env.put("MANGAASSIST_REDIS_URL", "redis://" + pipeline.get(SettingNames.REDIS_HOST) + ":" + pipeline.get(SettingNames.REDIS_PORT));
        env.put("MANGAASSIST_CONVERSATION_TABLE", pipeline.get(SettingNames.CONVERSATION_TABLE));
        env.put("MANGAASSIST_CHAT_EVENTS_STREAM", pipeline.get(SettingNames.CHAT_EVENTS_STREAM));
        env.put("MANGAASSIST_OVERFLOW_QUEUE_URL", queueUrl);
        env.put("MANGAASSIST_OVERFLOW_DLQ_URL", dlqUrl);
        env.put("MANGAASSIST_SAGEMAKER_ENDPOINT", pipeline.get(SettingNames.SAGEMAKER_ENDPOINT));
        env.put("MANGAASSIST_SAGEMAKER_LARGE_ENDPOINT", pipeline.get(SettingNames.SAGEMAKER_LARGE_ENDPOINT));
        // OpenSearch's own REST API (curl, or knowledge search --endpoint) and the orders table (aws dynamodb query).
        env.put("MANGAASSIST_SEARCH_ENDPOINT", pipeline.get(SettingNames.KNOWLEDGE_SEARCH_ENDPOINT));
        env.put("MANGAASSIST_ORDERS_TABLE", pipeline.get(SettingNames.ORDERS_TABLE));
        return new LocalEndpoints(env);
    }

    /** What the launcher prints: one endpoint a line. */
    String summary() {
        StringBuilder text = new StringBuilder();
        variables.forEach((name, value) -> {
            if (name.startsWith("AWS_ENDPOINT_URL_") || name.startsWith("MANGAASSIST_")) {
                text.append(String.format("  %-42s %s%n", name, value));
            }
        });
        return text.toString();
    }

    /** Writes a file to {@code source}; every value single-quoted. */
    Path write(Path file) {
        StringBuilder sh = new StringBuilder("# The local stack's endpoints (written at start; valid while it runs). source this file.\n");
        variables.forEach((name, value) -> sh.append("export ").append(name).append("='").append(value.replace("'", "'\\''")).append("'\n"));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, sh);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
