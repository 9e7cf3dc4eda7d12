package com.mangaassist.knowledge.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class SigV4RequestSignerTest {

    private final SigV4RequestSigner signer = new SigV4RequestSigner(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")), "ap-northeast-1",
            Clock.fixed(Instant.parse("2026-12-07T03:00:00Z"), ZoneOffset.UTC));

    /**
     * The expected signature is botocore's (SigV4Auth for "es", the AWS CLI's own signer) over the
     * same request at the same instant, the payload hash header included (the SDK's signer adds it,
     * as OpenSearch Service recommends): an independent implementation, so a request this signer
     * makes is one the domain accepts.
     */
    @Test
    void headers_whenSigningASearch_matchBotocoresSignature() {
        Map<String, String> headers = signer.headers("POST", URI.create("https://vpc-knowledge-abc.ap-northeast-1.es.amazonaws.com/knowledge/_mget"),
                "application/json", "{\"ids\":[\"slam-dunk\"]}".getBytes(StandardCharsets.UTF_8));

        assertThat(headers).containsEntry("X-Amz-Date", "20261207T030000Z")
                .containsEntry("x-amz-content-sha256", "09d173be0a88e6e1a9339239bfcab525cafd41fb8c0b92b2b605ce9a976a35ae");
        assertThat(headers.get("Authorization")).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261207/ap-northeast-1/es/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, "
                + "Signature=51b0556299379f8ecc867f1aa98a71c3f23d16d80f6065ba2ee48d47f8701ab0");
    }
}
