package com.mangaassist.localaws.signer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The artifact bucket as the release tool's local mode keeps it ({@code <root>/<bucket>/<key>}),
 * seen the way S3 would show it to Signer: an object's version is named by its content
 * ({@code v} + the first 32 hex digits of its SHA-256), since the release's keys are
 * content-addressed and never rewritten. {@code release}'s {@code LocalArtifactStore} writes this
 * layout and names versions the same way (a test there holds the two to it).
 */
public final class LocalBuckets {

    private final Path root;

    public LocalBuckets(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The object's bytes, only when it exists and its current content is {@code version}. */
    public Optional<byte[]> read(String bucket, String key, String version) {
        Path file = resolve(bucket, key);
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            byte[] content = Files.readAllBytes(file);
            return versionOf(content).equals(version) ? Optional.of(content) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean bucketExists(String bucket) {
        return validName(bucket) && Files.isDirectory(root.resolve(bucket));
    }

    /** S3's bucket naming rule: 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit. */
    public static boolean validName(String bucket) {
        return bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]") && !bucket.contains("..");
    }

    /** Writes an object (Signer's output); answers its version. */
    public String write(String bucket, String key, byte[] content) {
        Path file = resolve(bucket, key);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            return versionOf(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code v} + the first 32 hex digits of the bytes' SHA-256. */
    public static String versionOf(byte[] content) {
        try {
            return "v" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code v} + the first 32 hex digits of the file's SHA-256. */
    public static String versionOf(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return "v" + HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest()).substring(0, 32);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path resolve(String bucket, String key) {
        if (!validName(bucket)) {
            throw new IllegalArgumentException("not a bucket name: " + bucket);
        }
        Path bucketDir = root.resolve(bucket).normalize();
        Path file = bucketDir.resolve(key).normalize();
        if (!bucketDir.startsWith(root) || !file.startsWith(bucketDir) || file.equals(bucketDir)) {
            throw new IllegalArgumentException("key escapes the bucket: " + bucket + "/" + key);
        }
        return file;
    }
}
