package com.mangaassist.orchestrator.origin;

import java.time.Instant;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The origin proof secret's two staged versions: {@code AWSCURRENT}, and {@code AWSPREVIOUS},
 * which Secrets Manager moves to the replaced version whenever a new one becomes current
 * ({@code put-secret-value}). A secret never rotated has no previous version.
 */
public final class SecretVersionsSource implements OriginProofSource {

    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";

    private final SecretsManagerClient secrets;
    private final String secretArn;

    public SecretVersionsSource(SecretsManagerClient secrets, String secretArn) {
        this.secrets = secrets;
        this.secretArn = secretArn;
    }

    @Override
    public OriginProofs read() {
        GetSecretValueResponse current = secrets.getSecretValue(b -> b.secretId(secretArn).versionStage(CURRENT));
        String previous;
        try {
            previous = secrets.getSecretValue(b -> b.secretId(secretArn).versionStage(PREVIOUS)).secretString();
        } catch (ResourceNotFoundException neverRotated) {
            previous = null;
        }
        Instant since = current.createdDate() == null ? Instant.EPOCH : current.createdDate();
        return new OriginProofs(current.secretString(), previous, since);
    }
}
