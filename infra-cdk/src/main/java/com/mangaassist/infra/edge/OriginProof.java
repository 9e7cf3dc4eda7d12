package com.mangaassist.infra.edge;

import com.mangaassist.infra.config.OriginProofVersion;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.SecretsManagerSecretOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The second proof that an integration call came through this platform's API stage (ADR 0027).
 * The VPC link is an account-wide resource: any principal allowed to create integrations in the
 * account can point another API at it and send any principal header. Only this stack's stage maps
 * the value of this secret (a stage variable CloudFormation resolves from it at deploy time) into
 * {@code X-MangaAssist-Origin-Proof}; the orchestrator reads the secret's AWSCURRENT and AWSPREVIOUS
 * versions itself and refuses any call without one of them. Rotation (README runbook) writes a new
 * version, waits for every task to read it, then deploys with {@code -c originProofVersion} so the
 * stage maps it; the replaced value stays accepted for the orchestrator's overlap.
 */
public final class OriginProof extends Construct {

    /** The stage variable the integrations map into the header; letters only, as stage variable names must be. */
    public static final String STAGE_VARIABLE = "originProof";
    /** The integration request parameter value that reads it. */
    public static final String MAPPING = "stageVariables." + STAGE_VARIABLE;

    private final Secret secret;
    private final OriginProofVersion version;

    /** @param key the platform data key: the secret is encrypted like every other platform secret */
    public OriginProof(Construct scope, String id, IKey key, OriginProofVersion version) {
        super(scope, id);
        this.version = version;
        // Letters and digits only: the value travels as a stage variable (which allows few symbols) and an HTTP header.
        this.secret = Secret.Builder.create(this, "Secret")
                .description("Origin proof the MangaAssist API stage maps into every integration call (ADR 0027)")
                .encryptionKey(key)
                .generateSecretString(SecretStringGenerator.builder().excludePunctuation(true).passwordLength(64).build())
                .build();
    }

    /**
     * The stage variable's value: a dynamic reference CloudFormation resolves when the stage is
     * created or the reference's text changes (a new {@code -c originProofVersion}); the value never
     * appears in the template.
     */
    public String stageVariableValue() {
        SecretsManagerSecretOptions.Builder options = SecretsManagerSecretOptions.builder();
        if (!version.id().isEmpty()) {
            options.versionId(version.id());
        }
        return SecretValue.secretsManager(secret.getSecretArn(), options.build()).unsafeUnwrap();
    }

    /** Lets the orchestrator read the secret's versions (GetSecretValue, and Decrypt through Secrets Manager only). */
    public void grantVerify(IGrantable verifier) {
        secret.grantRead(verifier);
    }

    public Secret secret() {
        return secret;
    }
}
