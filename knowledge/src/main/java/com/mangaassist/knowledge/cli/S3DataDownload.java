package com.mangaassist.knowledge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Copies exactly the objects under an S3 prefix into a fresh temporary directory, keeping their
 * paths below the prefix ({@code catalog/*.jsonl}, {@code store/*.jsonl}, {@code eval/…},
 * {@code *.schema.json}: the layout {@code KnowledgeIngestion} reads). All or nothing: the whole
 * listing is read and every key checked before the first byte is fetched, and any failure deletes
 * the directory and throws, so a partial copy is never handed to ingestion.
 *
 * <p>What it refuses, and why: a key that would land outside the directory ({@code ..}, {@code .},
 * an empty segment, a leading {@code /}, a backslash) — keys are whatever the bucket holds, not
 * paths; a listing that says it is truncated without a token to continue — the rest of the data
 * would be silently missing; an object that changed or vanished between listing and fetch
 * ({@code If-Match} on the listed ETag, then the listed size) — the copy would mix two uploads; a
 * body that does not match the checksum S3 holds for the object — it was corrupted on the way; more than {@value #MAX_OBJECTS} objects or {@value #MAX_BYTES} bytes — the data is a few MB, so
 * such a prefix is a mistake (a model tarball's), better refused than filling the task's disk.
 */
final class S3DataDownload {

    static final int MAX_OBJECTS = 1_000;
    static final long MAX_BYTES = 512L * 1024 * 1024;
    private static final Path ANCHOR = Path.of("/download");

    private final S3Client s3;
    private final Path parent;

    /** Downloads into a new directory under {@code java.io.tmpdir} (the image's /tmp: its one writable place for uid 10001). */
    S3DataDownload(S3Client s3) {
        this(s3, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** Downloads into a new directory under {@code parent}. */
    S3DataDownload(S3Client s3, Path parent) {
        this.s3 = s3;
        this.parent = parent;
    }

    /** The directory holding the prefix's objects; the caller deletes it ({@link DataDirectory}). */
    Downloaded download(S3Location location) {
        Map<Path, S3Object> placed = place(list(location), location);
        if (placed.isEmpty()) {
            throw new DataDownloadException("no objects under " + location);
        }
        Path dir;
        try {
            dir = Files.createTempDirectory(parent, "knowledge-data-");
        } catch (IOException e) {
            throw new DataDownloadException("could not create a directory under " + parent + ": " + e.getMessage(), e);
        }
        long bytes = 0;
        try {
            for (Map.Entry<Path, S3Object> entry : placed.entrySet()) {
                bytes += fetch(location, entry.getValue(), dir.resolve(entry.getKey()));
            }
        } catch (RuntimeException e) {
            try {
                DataDirectory.delete(dir);
            } catch (RuntimeException notDeleted) {
                e.addSuppressed(notDeleted);
            }
            throw e;
        }
        return new Downloaded(dir, placed.size(), bytes);
    }

    /** What was downloaded where. */
    record Downloaded(Path dir, int objects, long bytes) {
    }

    /** Every object under the prefix, page by page; a listing that cannot be followed to its end is refused. */
    private List<S3Object> list(S3Location location) {
        List<S3Object> objects = new ArrayList<>();
        Set<String> tokens = new HashSet<>();
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page;
            try {
                page = s3.listObjectsV2(b -> b.bucket(location.bucket()).prefix(location.prefix()).continuationToken(continuation));
            } catch (SdkException e) {
                throw new DataDownloadException("could not list " + location + ": " + e.getMessage(), e);
            }
            objects.addAll(page.contents());
            if (objects.size() > MAX_OBJECTS) {
                throw new DataDownloadException("more than " + MAX_OBJECTS + " objects under " + location + ": not knowledge data");
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            if (Boolean.TRUE.equals(page.isTruncated()) && (token == null || token.isEmpty())) {
                throw new DataDownloadException("the listing of " + location + " is truncated but gives no continuation token: the data would be incomplete");
            }
            if (token != null && !tokens.add(token)) {
                throw new DataDownloadException("the listing of " + location + " repeats a continuation token: the data would be incomplete");
            }
        } while (token != null);
        return objects;
    }

    /** Each object's path below the directory; one unplaceable key refuses the whole download. */
    private static Map<Path, S3Object> place(List<S3Object> objects, S3Location location) {
        Map<Path, S3Object> placed = new LinkedHashMap<>();
        long bytes = 0;
        for (S3Object object : objects) {
            // The console's "folders" are empty objects named like directories: nothing to copy.
            if (object.key().endsWith("/") && object.size() != null && object.size() == 0) {
                continue;
            }
            placed.put(relativePath(location, object.key()), object);
            bytes += object.size() == null ? 0 : object.size();
        }
        if (bytes > MAX_BYTES) {
            throw new DataDownloadException(bytes + " bytes under " + location + ", more than " + MAX_BYTES + ": not knowledge data");
        }
        return placed;
    }

    /**
     * The key's path below the prefix, or a refusal when it would not stay below the download
     * directory. Checked segment by segment rather than by normalizing: a key like
     * {@code catalog/../../x} must be refused, not quietly turned into another file.
     */
    static Path relativePath(S3Location location, String key) {
        if (!key.startsWith(location.prefix())) {
            throw new DataDownloadException("the listing of " + location + " returned a key outside the prefix: " + key);
        }
        String relative = key.substring(location.prefix().length());
        boolean escapes = relative.isEmpty() || relative.startsWith("/") || relative.contains("\\") || relative.indexOf('\0') >= 0;
        for (String segment : relative.split("/", -1)) {
            escapes |= segment.isEmpty() || segment.equals(".") || segment.equals("..");
        }
        // The segment checks decide; normalizing below an anchor is a second guard should a platform read a segment otherwise.
        if (escapes || Path.of(relative).isAbsolute() || !ANCHOR.resolve(relative).normalize().startsWith(ANCHOR)) {
            throw new DataDownloadException("refusing key " + key + " under " + location + ": it would not stay inside the download directory");
        }
        return Path.of(relative);
    }

    /**
     * One object, as listed: If-Match its ETag so a replaced object fails instead of mixing uploads,
     * checksum mode so the SDK checks the body against the checksum S3 holds for it (CRC32 and the
     * like; CRC64NVME only with the AWS CRT, which is not here), then its size. Answers the bytes written.
     */
    private long fetch(S3Location location, S3Object object, Path target) {
        try {
            Files.createDirectories(target.getParent());
            s3.getObject(b -> b.bucket(location.bucket()).key(object.key()).ifMatch(object.eTag()).checksumMode(ChecksumMode.ENABLED),
                    ResponseTransformer.toFile(target));
            long size = Files.size(target);
            if (object.size() != null && size != object.size()) {
                throw new DataDownloadException("s3://" + location.bucket() + "/" + object.key() + " has " + size + " bytes, the listing said "
                        + object.size() + ": the data changed while it was copied");
            }
            return size;
        } catch (SdkException e) {
            throw new DataDownloadException("could not download s3://" + location.bucket() + "/" + object.key() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DataDownloadException("could not write " + target + ": " + e.getMessage(), e);
        }
    }
}
