package com.mangaassist.infra.config;

import java.util.Objects;
import java.util.Optional;

/**
 * What the platform stack takes from context besides the release: the environment's sizes with
 * their overrides, the identity provider, the NLB's certificate, alarm delivery, the API Gateway
 * account setting and the Redis token generation. Read and checked at once, so a bad key stops
 * synth before any construct exists. (The AZ override is read by the stack itself, which CDK asks
 * for its zones.)
 *
 * @param redisAuthTokenGeneration bumped by the token rotation runbook (README) to republish the overflow function
 */
public record PlatformContext(EnvironmentConfig config, OidcSettings oidc, NlbTlsSettings nlbTls, Optional<AlarmEmail> alarmEmail,
                              ApiGatewayAccountRole apiGatewayAccountRole, int redisAuthTokenGeneration) {

    public PlatformContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(oidc, "oidc");
        Objects.requireNonNull(nlbTls, "nlbTls");
        Objects.requireNonNull(alarmEmail, "alarmEmail");
        Objects.requireNonNull(apiGatewayAccountRole, "apiGatewayAccountRole");
    }

    /** @param stackName names the stack in the sentence a missing key produces */
    public static PlatformContext read(ContextReader context, EnvironmentConfig preset, String stackName) {
        String issuer = context.text(ContextKeys.OIDC_ISSUER).orElseThrow(() -> InvalidContextException.missing(stackName,
                ContextKeys.OIDC_ISSUER, "https://<your identity provider>", "the $connect authorizer only accepts tokens of an issuer you name"));
        String certificate = context.text(ContextKeys.NLB_CERTIFICATE_ARN).orElseThrow(() -> InvalidContextException.missing(stackName,
                ContextKeys.NLB_CERTIFICATE_ARN, "arn:aws:acm:<region>:<account>:certificate/<id>",
                "API Gateway reaches the orchestrator's NLB over TLS only"));
        String hostname = context.text(ContextKeys.NLB_HOSTNAME).orElseThrow(() -> InvalidContextException.missing(stackName,
                ContextKeys.NLB_HOSTNAME, "<name the certificate covers>", "API Gateway verifies the NLB's certificate against that name"));
        return new PlatformContext(preset.withOverridesFrom(context),
                new OidcSettings(issuer, context.text(ContextKeys.OIDC_AUDIENCE).orElse(OidcSettings.DEFAULT_AUDIENCE)),
                new NlbTlsSettings(certificate, hostname),
                context.text(ContextKeys.ALARM_EMAIL).map(AlarmEmail::new),
                context.text(ContextKeys.API_GATEWAY_ACCOUNT_ROLE).map(ApiGatewayAccountRole::parse).orElse(ApiGatewayAccountRole.CREATE),
                context.integer(ContextKeys.REDIS_AUTH_TOKEN_GENERATION, 1, 1, 1_000_000));
    }
}
