package com.mangaassist.knowledge.search;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Signs requests to an OpenSearch Service domain (SigV4, service {@code es}) with the caller's role
 * (the orchestrator task's, the overflow function's, the ingestion task's), whose access the domain
 * policy grants by method and path (ADR 0029). The SDK's own signer, so credentials rotate as the
 * SDK's clients' do.
 */
public final class SigV4RequestSigner implements RequestSigner {

    /** The signing name of OpenSearch Service domains (Serverless collections would be {@code aoss}). */
    static final String SERVICE = "es";

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final Clock clock;

    public SigV4RequestSigner(AwsCredentialsProvider credentials, String region) {
        this(credentials, region, Clock.systemUTC());
    }

    /** With the clock the signature's date comes from (tests compare against another implementation's signature). */
    SigV4RequestSigner(AwsCredentialsProvider credentials, String region, Clock clock) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.region = Objects.requireNonNull(region, "region");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Map<String, String> headers(String method, URI uri, String contentType, byte[] body) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        if (contentType != null) {
            request.putHeader("Content-Type", contentType);
        }
        SignedRequest signed = signer.sign(b -> b.identity(credentials.resolveCredentials()).request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body)).putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region).putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
        Map<String, String> headers = new LinkedHashMap<>();
        signed.request().headers().forEach((name, values) -> headers.put(name, String.join(",", values)));
        return headers;
    }
}
