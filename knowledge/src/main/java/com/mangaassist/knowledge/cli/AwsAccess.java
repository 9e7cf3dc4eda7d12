package com.mangaassist.knowledge.cli;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the CLI takes from AWS, and only when {@code --data s3://…} or signing needs it (a local
 * run touches none of it): the region, the credentials and an S3 client. In an ECS task the SDK's
 * default chains find the task role's credentials and {@code AWS_REGION}; tests hand in their own.
 */
interface AwsAccess {

    /** {@code --region} when given, else the SDK's default chain ({@code AWS_REGION}, the profile, …). */
    Region region(String regionOption);

    AwsCredentialsProvider credentials();

    S3Client s3(Region region);

    /** The SDK's default chains, with the Apache HTTP client the orchestrator image already runs its SDK clients on. */
    static AwsAccess defaults() {
        return new AwsAccess() {
            private final AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();

            @Override
            public Region region(String regionOption) {
                if (regionOption != null) {
                    return Region.of(regionOption);
                }
                try {
                    return new DefaultAwsRegionProviderChain().getRegion();
                } catch (SdkClientException e) {
                    throw new IllegalArgumentException("no AWS region: pass --region or set AWS_REGION", e);
                }
            }

            @Override
            public AwsCredentialsProvider credentials() {
                return credentials;
            }

            @Override
            public S3Client s3(Region region) {
                // The endpoint is the SDK's own resolution, so AWS_ENDPOINT_URL_S3 points a local run at a stand-in.
                return S3Client.builder().region(region).credentialsProvider(credentials).httpClientBuilder(ApacheHttpClient.builder()).build();
            }
        };
    }
}
