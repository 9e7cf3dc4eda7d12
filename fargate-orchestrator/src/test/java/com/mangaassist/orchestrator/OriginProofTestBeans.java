package com.mangaassist.orchestrator;

import com.mangaassist.orchestrator.origin.StagedSecret;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * For {@link OrchestratorOriginProofTest} only (environment {@code origin-proof-test}): Secrets
 * Manager replaced by the origin proof secret's staged versions, which the test rotates.
 */
@Factory
@Requires(env = OrchestratorOriginProofTest.ENVIRONMENT)
class OriginProofTestBeans {

    @Singleton
    @Replaces(SecretsManagerClient.class)
    StagedSecret originProofSecret() {
        return new StagedSecret(OrchestratorOriginProofTest.SECRET_ARN, OrchestratorHarness.ORIGIN_PROOF, Instant.now());
    }
}
