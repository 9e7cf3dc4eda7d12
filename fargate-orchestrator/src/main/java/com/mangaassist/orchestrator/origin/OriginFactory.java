package com.mangaassist.orchestrator.origin;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Objects;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

@Factory
class OriginFactory {

    @Singleton
    @Bean(preDestroy = "close")
    OriginProofRefresh originProofRefresh() {
        return new OriginProofRefresh();
    }

    @Singleton
    OriginGuard originGuard(OriginProofSettings settings, @Nullable SecretsManagerClient secrets, OriginProofRefresh refresh) {
        if (!settings.fromSecret()) {
            OriginProofs fixed = OriginProofs.only(settings.value());
            return new OriginGuard(() -> fixed, settings.overlap(), Clock.systemUTC());
        }
        Objects.requireNonNull(secrets, "a Secrets Manager client (built when orchestrator.origin-proof.secret-arn is set)");
        OriginGuard guard = new OriginGuard(new SecretVersionsSource(secrets, settings.secretArn()), settings.overlap(), Clock.systemUTC());
        refresh.every(settings.refresh(), guard::refresh);
        return guard;
    }
}
