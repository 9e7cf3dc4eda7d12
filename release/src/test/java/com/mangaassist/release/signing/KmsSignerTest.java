package com.mangaassist.release.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangaassist.releasecontract.signing.EcdsaSignatures;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * {@link KmsSigner} through the real AWS SDK against a stand-in that speaks KMS's JSON protocol
 * ({@code TrentService.GetPublicKey} / {@code Sign}) with a local key: the requests the SDK
 * sends and the DER signatures it returns, checked by plain {@code SHA256withECDSA}. This is not
 * AWS KMS; a real key is never exercised here (no AWS account).
 */
class KmsSignerTest {

    private final KeyPair key = PemKeys.generate();
    private final List<JsonNode> signRequests = new ArrayList<>();
    private String keySpec = "ECC_NIST_P256";
    private HttpServer kms;

    @BeforeEach
    void start() throws Exception {
        kms = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        kms.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode request = new ObjectMapper().readTree(exchange.getRequestBody());
            String body;
            try {
                if ("TrentService.GetPublicKey".equals(target)) {
                    body = "{\"KeyId\":\"" + request.path("KeyId").asText() + "\",\"KeySpec\":\"" + keySpec + "\",\"KeyUsage\":\"SIGN_VERIFY\","
                            + "\"PublicKey\":\"" + Base64.getEncoder().encodeToString(key.getPublic().getEncoded()) + "\",\"SigningAlgorithms\":[\"ECDSA_SHA_256\"]}";
                } else {
                    signRequests.add(request);
                    Signature ecdsa = Signature.getInstance("NONEwithECDSA"); // KMS signs the digest it is given, as is
                    ecdsa.initSign(key.getPrivate());
                    ecdsa.update(Base64.getDecoder().decode(request.path("Message").asText()));
                    body = "{\"KeyId\":\"k\",\"Signature\":\"" + Base64.getEncoder().encodeToString(ecdsa.sign()) + "\",\"SigningAlgorithm\":\"ECDSA_SHA_256\"}";
                }
            } catch (java.security.GeneralSecurityException e) {
                throw new java.io.IOException(e);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        kms.start();
    }

    @AfterEach
    void stop() {
        kms.stop(0);
    }

    @Test
    void sign_whenTheMessageIsLargerThanKmsTakesRaw_sendsItsDigestAndTheSignatureVerifiesOverTheWholeMessage() {
        KmsSigner signer = new KmsSigner(client(), "alias/mangaassist-release");
        byte[] message = "x".repeat(100_000).getBytes(StandardCharsets.UTF_8); // an SBOM's DSSE encoding, far over KMS's 4 KB raw limit

        byte[] signature = signer.sign(message);

        assertThat(EcdsaSignatures.verify(key.getPublic(), message, signature)).isTrue();
        assertThat(signer.publicKey()).isEqualTo(key.getPublic());
        assertThat(signRequests).singleElement().satisfies(r -> {
            assertThat(r.path("MessageType").asText()).isEqualTo("DIGEST");
            assertThat(r.path("SigningAlgorithm").asText()).isEqualTo("ECDSA_SHA_256");
            assertThat(r.path("KeyId").asText()).isEqualTo("alias/mangaassist-release");
            assertThat(Base64.getDecoder().decode(r.path("Message").asText())).hasSize(32);
        });
    }

    @Test
    void constructor_whenTheKeyIsNotP256_refusesNamingItsSpec() {
        keySpec = "RSA_2048";

        assertThatThrownBy(() -> new KmsSigner(client(), "k")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RSA_2048")
                .hasMessageContaining("ECC_NIST_P256");
    }

    private KmsClient client() {
        return KmsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + kms.getAddress().getPort())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
