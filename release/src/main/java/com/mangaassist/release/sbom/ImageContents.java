package com.mangaassist.release.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangaassist.release.registry.OciRegistry;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The few files of an image an SBOM is read from (the dpkg database, {@code /etc/os-release}, the
 * Java runtime's {@code release} file), taken from the image as the registry serves it: its layers
 * replayed in order, later layers replacing earlier files and OCI whiteouts deleting them. Layers
 * stream; only the files asked for are kept.
 */
public final class ImageContents {

    public static final String DPKG_STATUS = "var/lib/dpkg/status";
    public static final String DPKG_STATUS_D = "var/lib/dpkg/status.d/";
    public static final String OS_RELEASE = "etc/os-release";
    public static final String JAVA_RELEASE = "opt/java/release";
    private static final Predicate<String> WANTED = path -> path.equals(DPKG_STATUS) || (path.startsWith(DPKG_STATUS_D) && path.length() > DPKG_STATUS_D.length())
            || path.equals(OS_RELEASE) || path.equals("usr/lib/os-release") || path.equals(JAVA_RELEASE);
    private static final Set<String> INDEX_TYPES = Set.of("application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, byte[]> files;

    private ImageContents(Map<String, byte[]> files) {
        this.files = files;
    }

    /** Reads {@code repository@digest} (for an index, its linux/amd64 image). */
    public static ImageContents read(OciRegistry registry, String repository, String digest) {
        OciRegistry.Manifest manifest = registry.manifest(repository, digest)
                .orElseThrow(() -> new IllegalStateException(repository + "@" + digest + " is not in the registry"));
        JsonNode root = tree(manifest.bytes());
        if (INDEX_TYPES.contains(manifest.mediaType()) || root.has("manifests")) {
            for (JsonNode entry : root.path("manifests")) {
                if ("amd64".equals(entry.path("platform").path("architecture").asText()) && "linux".equals(entry.path("platform").path("os").asText())) {
                    return read(registry, repository, entry.path("digest").asText());
                }
            }
            throw new IllegalStateException(repository + "@" + digest + " is an index without a linux/amd64 image");
        }
        Map<String, byte[]> files = new TreeMap<>();
        for (JsonNode layer : root.path("layers")) {
            String layerDigest = layer.path("digest").asText();
            try (InputStream blob = registry.openBlob(repository, layerDigest)
                    .orElseThrow(() -> new IllegalStateException("layer " + layerDigest + " of " + repository + "@" + digest + " is missing"))) {
                replay(uncompressed(blob, layer.path("mediaType").asText()), files);
            } catch (IOException e) {
                throw new UncheckedIOException("layer " + layerDigest + " of " + repository + "@" + digest + " cannot be read: " + e.getMessage(), e);
            }
        }
        return new ImageContents(files);
    }

    /** The files of one tar layer applied over {@code files} (exposed for tests on hand-made layers). */
    static void replay(InputStream tar, Map<String, byte[]> files) throws IOException {
        TarArchiveInputStream entries = new TarArchiveInputStream(tar);
        TarArchiveEntry entry;
        while ((entry = entries.getNextEntry()) != null) {
            String path = normalize(entry.getName());
            String base = path.substring(path.lastIndexOf('/') + 1);
            String dir = path.substring(0, path.length() - base.length());
            if (base.equals(".wh..wh..opq")) {
                files.keySet().removeIf(existing -> existing.startsWith(dir)); // opaque directory: nothing below it survives from lower layers
            } else if (base.startsWith(".wh.")) {
                String deleted = dir + base.substring(".wh.".length());
                files.keySet().removeIf(existing -> existing.equals(deleted) || existing.startsWith(deleted + "/"));
            } else if (!WANTED.test(path)) {
                continue;
            } else if (entry.isSymbolicLink()) {
                files.remove(path); // commons-compress calls a symlink a file too; its target (e.g. usr/lib/os-release) is read in its own right
            } else if (entry.isLink()) {
                byte[] target = files.get(normalize(entry.getLinkName())); // a hard link to a file earlier in the same layer
                if (target == null) {
                    files.remove(path);
                } else {
                    files.put(path, target);
                }
            } else if (entry.isFile()) {
                files.put(path, entries.readAllBytes());
            } else {
                files.remove(path); // replaced by a directory: not a file we can read
            }
        }
    }

    private static InputStream uncompressed(InputStream blob, String mediaType) throws IOException {
        BufferedInputStream in = new BufferedInputStream(blob, 1 << 16);
        if (mediaType.contains("zstd")) {
            throw new IOException("zstd layers are not read (" + mediaType + "); build images with gzip layers");
        }
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b ? new GZIPInputStream(in, 1 << 16) : in; // docker's tar+gzip, or an uncompressed tar
    }

    private static String normalize(String name) {
        String path = name;
        while (path.startsWith("./") || path.startsWith("/")) {
            path = path.substring(path.startsWith("./") ? 2 : 1);
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static JsonNode tree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("an image manifest that is not JSON: " + e.getMessage(), e);
        }
    }

    /** Installed Debian packages, from {@code status} and from every {@code status.d} file, by name (the later wins). */
    public List<DpkgPackages.DebPackage> debianPackages() {
        Map<String, DpkgPackages.DebPackage> packages = new LinkedHashMap<>();
        if (files.containsKey(DPKG_STATUS)) {
            DpkgPackages.parse(files.get(DPKG_STATUS), true).forEach(p -> packages.put(p.name(), p));
        }
        files.forEach((path, content) -> {
            if (path.startsWith(DPKG_STATUS_D)) {
                DpkgPackages.parse(content, false).forEach(p -> packages.put(p.name(), p));
            }
        });
        return List.copyOf(packages.values());
    }

    /** {@code /etc/os-release} (or {@code /usr/lib/os-release}) as fields; empty when the image has none (a scratch image). */
    public Map<String, String> osRelease() {
        byte[] text = files.getOrDefault(OS_RELEASE, files.get("usr/lib/os-release"));
        return text == null ? Map.of() : keyValues(text);
    }

    /** The jlink'd runtime's {@code release} file as fields; empty when there is none. */
    public Map<String, String> javaRuntime() {
        byte[] text = files.get(JAVA_RELEASE);
        return text == null ? Map.of() : keyValues(text);
    }

    static ImageContents of(Map<String, byte[]> files) {
        return new ImageContents(new TreeMap<>(files));
    }

    private static Map<String, String> keyValues(byte[] text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : new String(text, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                String value = line.substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                fields.put(line.substring(0, eq).strip(), value);
            }
        }
        return fields;
    }
}
