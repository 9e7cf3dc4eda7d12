package com.mangaassist.release.docker;

import com.mangaassist.release.registry.OciRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The images' base images when no public registry can be reached: a Debian root filesystem built
 * from Debian's own packages ({@code debootstrap --variant=minbase}), imported as an image, and a
 * JDK image on it ({@code release/docker/jdk.Dockerfile}), both kept in the local registry so
 * that, like production bases, they are referenced by digest. Built once per content: a registry
 * that already holds them (same suite, same JDK Dockerfile) is reused.
 */
public final class BaseImages {

    public static final String DEBIAN_REPOSITORY = "mangaassist/debian";
    public static final String JDK_REPOSITORY = "mangaassist/jdk";
    private static final String SUITE = "bookworm";

    private final DockerCli docker;
    private final OciRegistry registry;
    private final Path repositoryRoot;
    private final Path workDir;
    private final String mirror;

    /**
     * @param mirror the Debian mirror debootstrap fetches from ({@code http://deb.debian.org/debian},
     *               or a closer one through {@code MANGAASSIST_DEBIAN_MIRROR})
     */
    public BaseImages(DockerCli docker, OciRegistry registry, Path repositoryRoot, Path workDir, String mirror) {
        this.docker = docker;
        this.registry = registry;
        this.repositoryRoot = repositoryRoot;
        this.workDir = workDir;
        this.mirror = mirror;
    }

    /** The pinned references of the local bases, building and pushing what the registry lacks. */
    public Bases ensure() {
        String debianTag = SUITE + "-minbase";
        String debian = registry.digestOf(DEBIAN_REPOSITORY, debianTag).map(digest -> ref(DEBIAN_REPOSITORY, digest))
                .orElseGet(() -> buildDebian(debianTag));
        String jdkTag = "17-" + contentTag(debian);
        Optional<String> jdkDigest = registry.digestOf(JDK_REPOSITORY, jdkTag);
        String jdk = jdkDigest.map(digest -> ref(JDK_REPOSITORY, digest)).orElseGet(() -> buildJdk(debian, jdkTag));
        return new Bases(debian, jdk);
    }

    private String buildDebian(String tag) {
        try {
            Files.createDirectories(workDir);
            Path rootfs = workDir.resolve("debian-rootfs");
            Path tarball = workDir.resolve("debian-rootfs.tar");
            delete(rootfs);
            exec(List.of("debootstrap", "--variant=minbase", SUITE, rootfs.toString(), mirror), Duration.ofMinutes(15));
            exec(List.of("tar", "-C", rootfs.toString(), "-cf", tarball.toString(), "."), Duration.ofMinutes(5));
            String local = registry.host() + "/" + DEBIAN_REPOSITORY + ":" + tag;
            docker.importRootfs(tarball, local, Duration.ofMinutes(10));
            String digest = docker.push(local, Duration.ofMinutes(10));
            Files.deleteIfExists(tarball);
            delete(rootfs);
            return ref(DEBIAN_REPOSITORY, digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String buildJdk(String debian, String tag) {
        String local = registry.host() + "/" + JDK_REPOSITORY + ":" + tag;
        Path dockerfile = repositoryRoot.resolve("release/docker/jdk.Dockerfile");
        docker.build(dockerfile.getParent(), dockerfile, Map.of("DEBIAN_IMAGE", debian), local, Duration.ofMinutes(20));
        return ref(JDK_REPOSITORY, docker.push(local, Duration.ofMinutes(10)));
    }

    /** A tag that changes whenever the JDK image's inputs do (its Dockerfile and its Debian base). */
    private String contentTag(String debian) {
        try {
            byte[] dockerfile = Files.readAllBytes(repositoryRoot.resolve("release/docker/jdk.Dockerfile"));
            byte[] inputs = (debian + "\n" + new String(dockerfile, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            return OciRegistry.sha256(inputs).substring("sha256:".length(), "sha256:".length() + 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String ref(String repository, String digest) {
        return registry.host() + "/" + repository + "@" + digest;
    }

    private static void exec(List<String> command, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                String text = new String(out, StandardCharsets.UTF_8);
                throw new DockerCli.DockerException(command.get(0) + " failed (it needs root and Debian's " + command.get(0) + " package):\n"
                        + text.substring(Math.max(0, text.length() - 3000)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerCli.DockerException("interrupted while running " + command.get(0));
        }
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            exec(List.of("rm", "-rf", dir.toString()), Duration.ofMinutes(5));
        }
    }

    /**
     * Digest-pinned references of the two local bases.
     *
     * @param debian the Debian minbase image (the gpu-endpoint's local runtime base)
     * @param jdk    the JDK image the images' build stages run jlink in
     */
    public record Bases(String debian, String jdk) {
    }
}
