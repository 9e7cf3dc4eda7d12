package com.mangaassist.release.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A registry through the OCI distribution API (what ECR and Docker's registry both serve):
 * resolve a tag to the digest of its manifest, read a manifest by digest, and push blobs and
 * manifests (signatures and attestations are pushed this way, as cosign stores them). Plain HTTP
 * for a registry on the loopback interface, HTTPS for every other; credentials come from
 * {@link RegistryAuth}.
 */
public final class OciRegistry {

    /** The manifest types a digest may be asked for (Docker's v2 schema 2 and OCI's). */
    public static final String MANIFEST_TYPES = "application/vnd.oci.image.manifest.v1+json, "
            + "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.index.v1+json, "
            + "application/vnd.docker.distribution.manifest.list.v2+json";

    private final String host;
    private final RegistryAuth auth;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public OciRegistry(String host, RegistryAuth auth) {
        this.host = host;
        this.auth = auth;
    }

    public String host() {
        return host;
    }

    private URI uri(String path) {
        boolean loopback = host.startsWith("127.0.0.1") || host.startsWith("localhost") || host.startsWith("[::1]");
        return URI.create((loopback ? "http://" : "https://") + host + "/v2/" + path);
    }

    /** The digest of the manifest {@code reference} (a tag or a digest) names; empty when there is none. */
    public Optional<String> digestOf(String repository, String reference) {
        HttpResponse<Void> response = send(request("manifests/" + reference, repository).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", MANIFEST_TYPES).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expect(response, 200, "resolve " + repository + ":" + reference);
        return response.headers().firstValue("Docker-Content-Digest");
    }

    /** The manifest's bytes as stored; empty when there is none. */
    public Optional<Manifest> manifest(String repository, String reference) {
        HttpResponse<byte[]> response = send(request("manifests/" + reference, repository).GET().header("Accept", MANIFEST_TYPES).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expect(response, 200, "read manifest " + repository + "@" + reference);
        String mediaType = response.headers().firstValue("Content-Type").orElse("application/vnd.oci.image.manifest.v1+json");
        return Optional.of(new Manifest(mediaType, response.body()));
    }

    /** A blob's bytes; empty when there is none. */
    public Optional<byte[]> blob(String repository, String digest) {
        HttpResponse<byte[]> response = send(request("blobs/" + digest, repository).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expect(response, 200, "read blob " + digest);
        return Optional.of(response.body());
    }

    /** A blob as a stream (image layers are too big to hold whole); empty when there is none. The caller closes it. */
    public Optional<java.io.InputStream> openBlob(String repository, String digest) {
        HttpResponse<java.io.InputStream> response = send(authorize(HttpRequest.newBuilder(uri(repository + "/blobs/" + digest))
                .timeout(Duration.ofMinutes(10))).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() == 404) {
            close(response.body());
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            close(response.body());
            throw new RegistryException("could not read blob " + digest + ": HTTP " + response.statusCode());
        }
        return Optional.of(response.body());
    }

    private static void close(java.io.InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // the response is abandoned either way
        }
    }

    /** Uploads a blob (monolithic POST-then-PUT) unless it is already there; answers its digest. */
    public String pushBlob(String repository, byte[] content) {
        String digest = sha256(content);
        HttpResponse<Void> exists = send(request("blobs/" + digest, repository).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        if (exists.statusCode() == 200) {
            return digest;
        }
        HttpResponse<Void> started = send(request("blobs/uploads/", repository).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        expect(started, 202, "start a blob upload");
        String location = started.headers().firstValue("Location").orElseThrow(() -> new RegistryException("blob upload gave no Location"));
        URI upload = uri("").resolve(location);
        URI put = URI.create(upload + (upload.getQuery() == null ? "?" : "&") + "digest=" + digest);
        HttpResponse<Void> done = send(authorize(HttpRequest.newBuilder(put)).PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                .header("Content-Type", "application/octet-stream").build(), HttpResponse.BodyHandlers.discarding());
        expect(done, 201, "upload blob " + digest);
        return digest;
    }

    /** Stores a manifest under {@code tag} (or a digest); answers the digest the registry gave it. */
    public String pushManifest(String repository, String tag, String mediaType, byte[] manifest) {
        // The body is read: a refusal's reason is in it (ECR's TAG_INVALID for an immutable tag, NAME_UNKNOWN for a missing repository).
        HttpResponse<byte[]> response = send(request("manifests/" + tag, repository).PUT(HttpRequest.BodyPublishers.ofByteArray(manifest))
                .header("Content-Type", mediaType).build(), HttpResponse.BodyHandlers.ofByteArray());
        expect(response, 201, "push manifest " + repository + ":" + tag);
        return response.headers().firstValue("Docker-Content-Digest").orElse(sha256(manifest));
    }

    public static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path, String repository) {
        return authorize(HttpRequest.newBuilder(uri(repository + "/" + path)).timeout(Duration.ofSeconds(60)));
    }

    private HttpRequest.Builder authorize(HttpRequest.Builder request) {
        auth.authorization().ifPresent(value -> request.header("Authorization", value));
        return request;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (IOException e) {
            throw new UncheckedIOException("registry " + host + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted talking to " + host);
        }
    }

    private static void expect(HttpResponse<?> response, int status, String what) {
        if (response.statusCode() != status) {
            String body = response.body() instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : "";
            throw new RegistryException("could not " + what + ": HTTP " + response.statusCode() + " " + body.strip());
        }
    }

    /** A manifest as the registry returned it: the exact bytes its digest covers. */
    public record Manifest(String mediaType, byte[] bytes) {
        public String digest() {
            return sha256(bytes);
        }
    }

    /** The registry refused or answered something unexpected. */
    public static final class RegistryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RegistryException(String message) {
            super(message);
        }
    }
}
