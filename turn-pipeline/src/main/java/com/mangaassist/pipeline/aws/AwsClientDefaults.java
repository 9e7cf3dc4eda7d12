package com.mangaassist.pipeline.aws;

import com.mangaassist.pipeline.assembly.AwsSettings;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import com.mangaassist.knowledge.search.SigV4RequestSigner;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * How both compute paths point an SDK client: the region, the default credentials chain in AWS
 * (task role, or the Lambda's container credentials after a SnapStart restore), and locally an
 * emulator endpoint with dummy credentials.
 */
public final class AwsClientDefaults {

    private final Region region;
    private final AwsCredentialsProvider credentials;

    public AwsClientDefaults(AwsSettings settings) {
        this(settings.region(), settings.localCredentials());
    }

    public AwsClientDefaults(String region, boolean localCredentials) {
        this(Region.of(region), localCredentials
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                : DefaultCredentialsProvider.builder().build());
    }

    private AwsClientDefaults(Region region, AwsCredentialsProvider credentials) {
        this.region = region;
        this.credentials = credentials;
    }

    /** The same region with other credentials. */
    public AwsClientDefaults withCredentials(AwsCredentialsProvider other) {
        return new AwsClientDefaults(region, other);
    }

    /** Signs knowledge search requests with the same region and credentials as the SDK clients. */
    public SigV4RequestSigner searchSigner() {
        return new SigV4RequestSigner(credentials, region.id());
    }

    /** @param endpoint an emulator's URL, or blank for the service's regional endpoint */
    public <B extends AwsClientBuilder<B, C>, C> B configure(B builder, String endpoint) {
        builder.region(region).credentialsProvider(credentials);
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder;
    }
}
