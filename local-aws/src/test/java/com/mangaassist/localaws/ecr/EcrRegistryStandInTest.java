package com.mangaassist.localaws.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.localaws.docker.DockerEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ECR's tag rules over the real local registry, through the OCI distribution API a client speaks. */
class EcrRegistryStandInTest {

    private static final String TAG = "20261207T010000Z-0123456";
    private final HttpClient http = HttpClient.newHttpClient();
    private EcrRegistryStandIn ecr;
    private String repository;

    @BeforeEach
    void start() {
        DockerEnvironment.require();
        ecr = EcrRegistryStandIn.start(DockerEnvironment.REGISTRY, 0);
        repository = "ecrtest" + UUID.randomUUID().toString().substring(0, 8) + "/orchestrator";
    }

    @AfterEach
    void stop() {
        if (ecr != null) {
            ecr.close();
        }
    }

    @Test
    void putManifest_whenAnImmutableTagExists_isRefusedTagInvalidEvenForTheSameDigest() throws Exception {
        ecr.createRepository(repository, TagMutability.immutableExceptSignatures());
        byte[] first = manifest("one");

        assertThat(put(TAG, first).statusCode()).isEqualTo(201);
        HttpResponse<String> same = put(TAG, first);
        HttpResponse<String> other = put(TAG, manifest("two"));

        assertThat(same.statusCode()).isEqualTo(400);
        assertThat(same.body()).contains("\"code\":\"TAG_INVALID\"", "cannot be overwritten because the repository is immutable");
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(digestOf(TAG)).isEqualTo(sha256(first));
        assertThat(ecr.manifestWrites()).extracting(EcrRegistryStandIn.ManifestWrite::stored).containsExactly(true, false, false);
    }

    @Test
    void putManifest_whenTheTagIsCosignsAttestationTag_mayMoveUnderTheExclusion() throws Exception {
        ecr.createRepository(repository, TagMutability.immutableExceptSignatures());
        String attestations = "sha256-" + "a".repeat(64) + ".att";

        assertThat(put(attestations, manifest("one")).statusCode()).isEqualTo(201);
        assertThat(put(attestations, manifest("two")).statusCode()).isEqualTo(201);
        assertThat(digestOf(attestations)).isEqualTo(sha256(manifest("two")));
    }

    @Test
    void putManifest_whenTheRepositoryIsImmutableWithoutExclusions_refusesASecondAttestationWrite() throws Exception {
        ecr.createRepository(repository, TagMutability.immutable());
        String attestations = "sha256-" + "a".repeat(64) + ".att";

        assertThat(put(attestations, manifest("one")).statusCode()).isEqualTo(201);
        assertThat(put(attestations, manifest("two")).body()).contains("TAG_INVALID");
    }

    @Test
    void putManifest_byDigest_isNoTagWriteAndPasses() throws Exception {
        ecr.createRepository(repository, TagMutability.immutable());
        byte[] manifest = manifest("one");

        assertThat(put(sha256(manifest), manifest).statusCode()).isEqualTo(201);
        assertThat(put(sha256(manifest), manifest).statusCode()).isEqualTo(201);
    }

    @Test
    void anyRequest_whenTheRepositoryWasNeverCreated_isNameUnknown() throws Exception {
        HttpResponse<String> manifest = put(TAG, "{}".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(manifest.statusCode()).isEqualTo(404);
        assertThat(manifest.body()).contains("NAME_UNKNOWN", repository);
        assertThat(upload.statusCode()).isEqualTo(404);
    }

    private byte[] manifest(String content) throws Exception {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"note\":\"" + content + "\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}")
                .getBytes(StandardCharsets.UTF_8);
        String digest = sha256(config);
        HttpResponse<Void> started = http.send(HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(started.statusCode()).isEqualTo(202);
        URI location = uri("/").resolve(started.headers().firstValue("Location").orElseThrow());
        assertThat(location.getAuthority()).as("upload locations point back at the stand-in").isEqualTo(ecr.host());
        HttpResponse<Void> uploaded = http.send(HttpRequest.newBuilder(URI.create(location + (location.getQuery() == null ? "?" : "&") + "digest=" + digest))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(config)).header("Content-Type", "application/octet-stream").build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(uploaded.statusCode()).isEqualTo(201);
        return ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"size\":" + config.length + ",\"digest\":\"" + digest + "\"},\"layers\":[]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> put(String reference, byte[] manifest) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + reference)).PUT(HttpRequest.BodyPublishers.ofByteArray(manifest))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json").build(), HttpResponse.BodyHandlers.ofString());
    }

    private String digestOf(String tag) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + tag)).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/vnd.oci.image.manifest.v1+json").build(), HttpResponse.BodyHandlers.discarding())
                .headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    private URI uri(String path) {
        return URI.create("http://" + ecr.host() + path);
    }

    private static String sha256(byte[] content) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
