package com.mangaassist.orchestrator.origin;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * One secret's staged versions as Secrets Manager answers GetSecretValue for them: a version per
 * staging label, ResourceNotFoundException for a label no version holds. {@link #put} is what
 * {@code put-secret-value} does: the new version becomes AWSCURRENT, the old one AWSPREVIOUS.
 */
public final class StagedSecret implements SecretsManagerClient {

    private final String arn;
    private final Map<String, GetSecretValueResponse> byStage = new ConcurrentHashMap<>();

    public StagedSecret(String arn, String initial, Instant created) {
        this.arn = arn;
        byStage.put(SecretVersionsSource.CURRENT, version(initial, created));
    }

    public synchronized void put(String value, Instant created) {
        byStage.put(SecretVersionsSource.PREVIOUS, byStage.get(SecretVersionsSource.CURRENT));
        byStage.put(SecretVersionsSource.CURRENT, version(value, created));
    }

    private GetSecretValueResponse version(String value, Instant created) {
        return GetSecretValueResponse.builder().arn(arn).secretString(value).createdDate(created).build();
    }

    @Override
    public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
        if (!arn.equals(request.secretId())) {
            throw ResourceNotFoundException.builder().message("Secrets Manager can't find the specified secret.").build();
        }
        GetSecretValueResponse version = byStage.get(request.versionStage() == null ? SecretVersionsSource.CURRENT : request.versionStage());
        if (version == null) {
            throw ResourceNotFoundException.builder().message("Secrets Manager can't find the specified secret value for staging label: "
                    + request.versionStage()).build();
        }
        return version;
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
