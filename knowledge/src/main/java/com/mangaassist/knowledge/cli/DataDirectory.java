package com.mangaassist.knowledge.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The directory {@code --data} names: a local one as it is, or an S3 prefix downloaded whole
 * into a temporary one that is deleted when the command is done (locally it would otherwise pile
 * up in /tmp; in a task it goes with the container anyway).
 */
final class DataDirectory implements AutoCloseable {

    private final Path path;
    private final boolean temporary;
    private final String origin;

    private DataDirectory(Path path, boolean temporary, String origin) {
        this.path = path;
        this.temporary = temporary;
        this.origin = origin;
    }

    /**
     * {@code local}, or {@code s3Location} downloaded whole with the client {@code s3} makes (only
     * then is an S3 client built, and closed once the copy is done: a local run needs no AWS).
     */
    static DataDirectory open(S3Location s3Location, Path local, Supplier<S3Client> s3) {
        if (s3Location == null) {
            return new DataDirectory(local, false, local.toString());
        }
        S3DataDownload.Downloaded downloaded;
        try (S3Client client = s3.get()) {
            downloaded = new S3DataDownload(client).download(s3Location);
        }
        return new DataDirectory(downloaded.dir(), true,
                s3Location + " (" + downloaded.objects() + " objects, " + downloaded.bytes() / 1024 + " KiB, copied to " + downloaded.dir() + ")");
    }

    Path path() {
        return path;
    }

    /** What the data came from, for the log line. */
    String origin() {
        return origin;
    }

    @Override
    public void close() {
        if (temporary) {
            delete(path);
        }
    }

    /** Deletes {@code dir} and everything in it, deepest first. */
    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
