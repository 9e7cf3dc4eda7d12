package com.mangaassist.infra.config;

import java.util.Objects;
import java.util.Optional;

/**
 * What the platform stack takes from context besides the release: the environment's sizes with
 * their overrides, the identity provider, the NLB's certificate, alarm delivery, the API Gateway
 * account setting, the Redis token generation, whether the GPU variant autoscales and which
 * knowledge data an ingestion task reads. Read and checked at once, so a bad key stops synth
 * before any construct exists. (The AZ override is read by the stack itself, which CDK asks for
 * its zones.)
 *
 * @param redisAuthTokenGeneration bumped by the token rotation runbook (README) to republish the overflow function
 * @param gpuAutoscaling           {@code suspended} only for the first deploy of an instance-type change (README)
 * @param originProofVersion       the origin proof secret's version the stage maps (the rotation runbook sets it; ADR 0027)
 * @param knowledgeData            the artifact bucket prefix to ingest; absent, the stack has no ingestion task (ADR 0029)
 */
public record PlatformContext(EnvironmentConfig config, OidcSettings oidc, NlbTlsSettings nlbTls, Optional<AlarmEmail> alarmEmail,
                              ApiGatewayAccountRole apiGatewayAccountRole, int redisAuthTokenGeneration, GpuAutoscaling gpuAutoscaling,
                              OriginProofVersion originProofVersion, Optional<KnowledgeDataPrefix> knowledgeData) {

    public PlatformContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(oidc, "oidc");
        Objects.requireNonNull(nlbTls, "nlbTls");
        Objects.requireNonNull(alarmEmail, "alarmEmail");
        Objects.requireNonNull(apiGatewayAccountRole, "apiGatewayAccountRole");
        Objects.requireNonNull(gpuAutoscaling, "gpuAutoscaling");
        Objects.requireNonNull(originProofVersion, "originProofVersion");
        Objects.requireNonNull(knowledgeData, "knowledgeData");
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
                // No default: dev and prod in one account and region would both set the one setting there.
                context.text(ContextKeys.API_GATEWAY_ACCOUNT_ROLE).map(ApiGatewayAccountRole::parse).orElseThrow(() -> InvalidContextException.missing(
                        stackName, ContextKeys.API_GATEWAY_ACCOUNT_ROLE, "<create or existing>", "API Gateway's CloudWatch Logs role is one setting "
                                + "per account and region, so exactly one stack there says create and every other says existing")),
                context.integer(ContextKeys.REDIS_AUTH_TOKEN_GENERATION, 1, 1, 1_000_000),
                context.text(ContextKeys.GPU_AUTOSCALING).map(GpuAutoscaling::parse).orElse(GpuAutoscaling.ON),
                context.text(ContextKeys.ORIGIN_PROOF_VERSION).map(OriginProofVersion::parse).orElse(OriginProofVersion.CURRENT),
                context.text(ContextKeys.KNOWLEDGE_DATA_PREFIX).map(KnowledgeDataPrefix::parse));
    }
}
