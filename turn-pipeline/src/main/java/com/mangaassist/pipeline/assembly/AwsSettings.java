package com.mangaassist.pipeline.assembly;

import com.mangaassist.shared.contract.InvalidSettingException;
import com.mangaassist.shared.contract.SettingNames;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * How a service's SDK clients are pointed: the region (in AWS, {@code AWS_REGION}, which both ECS
 * and Lambda set) and, for local runs only, dummy credentials and one endpoint override per
 * service ({@code aws.endpoints.<service>}).
 */
@ConfigurationProperties("aws")
public record AwsSettings(@Bindable(defaultValue = "us-east-1") String region, @Bindable(defaultValue = "false") boolean localCredentials,
                          Endpoints endpoints) {

    public AwsSettings {
        if (region == null || region.isBlank()) {
            throw InvalidSettingException.missing(SettingNames.AWS_REGION, "the AWS region (e.g. ap-northeast-1)");
        }
        endpoints = endpoints == null ? Endpoints.NONE : endpoints;
    }

    /** Emulator URLs; {@code null} (the service's regional endpoint) for each one not set. */
    @ConfigurationProperties("endpoints")
    public record Endpoints(@Nullable String dynamodb, @Nullable String sqs, @Nullable String kinesis, @Nullable String sagemakerRuntime,
                            @Nullable String secretsmanager, @Nullable String cloudwatch) {

        public static final Endpoints NONE = new Endpoints(null, null, null, null, null, null);
    }
}
