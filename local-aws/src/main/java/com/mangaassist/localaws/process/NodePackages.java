package com.mangaassist.localaws.process;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Node packages that tests and the local stack need (kinesalite, playwright-core), installed on
 * first use with {@code npm ci} from a package.json and lockfile shipped as resources, into a
 * directory under the system temp directory keyed by the lockfile — so nothing is set up by hand
 * and a changed lockfile installs afresh. Install scripts are off: none of these need native builds.
 */
public final class NodePackages {

    private NodePackages() {
    }

    /**
     * @param resourceBase class whose package holds {@code directory}
     * @param directory    resource directory with package.json, package-lock.json and {@code files}
     * @param probe        a path under node_modules that exists once installed
     */
    @SuppressWarnings("try") // the lock is held for the block's duration; nothing reads it
    public static synchronized Path installed(Class<?> resourceBase, String directory, List<String> files, String probe) {
        try {
            byte[] lock = resource(resourceBase, directory + "/package-lock.json");
            Path home = Path.of(System.getProperty("java.io.tmpdir"), "mangaassist-" + directory.replace('/', '-') + "-"
                    + Integer.toHexString(Arrays.hashCode(lock)));
            Files.createDirectories(home);
            // Several JVMs may start at once: one installs, the others wait on the file lock.
            try (FileChannel channel = FileChannel.open(home.resolve(".install.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                for (String file : concat(List.of("package.json", "package-lock.json"), files)) {
                    try (InputStream in = new ByteArrayInputStream(resource(resourceBase, directory + "/" + file))) {
                        Files.copy(in, home.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                if (!Files.exists(home.resolve("node_modules").resolve(probe))) {
                    Process npm = new ProcessBuilder("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")
                            .directory(home.toFile()).redirectErrorStream(true).start();
                    String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                        throw new IllegalStateException("npm ci failed in " + home + ":\n" + output);
                    }
                }
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing node packages", e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static byte[] resource(Class<?> base, String name) throws IOException {
        try (InputStream in = base.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + base.getName());
            }
            return in.readAllBytes();
        }
    }
}
