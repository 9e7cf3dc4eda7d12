package com.mangaassist.release.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangaassist.release.registry.OciRegistry;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The few files of an image an SBOM is read from (the dpkg database, {@code /etc/os-release}, the
 * Java runtime's {@code release} file, the module SBOM the Dockerfile copied in), taken from the
 * image as the registry serves it: the manifest and every layer checked against their digests,
 * layers replayed in order, each layer's whiteouts applied to the layers below it (never to its
 * own entries, whatever their order), a later non-directory entry replacing everything under its
 * path, symlinks between wanted files resolved, and a dpkg path that is a link we cannot follow
 * refused rather than read as empty. Layers stream; only the files asked for are kept.
 */
public final class ImageContents {

    public static final String DPKG_STATUS = "var/lib/dpkg/status";
    public static final String DPKG_STATUS_D = "var/lib/dpkg/status.d/";
    public static final String OS_RELEASE = "etc/os-release";
    public static final String JAVA_RELEASE = "opt/java/release";
    private static final Pattern MODULE_SBOM = Pattern.compile("opt/[a-z0-9-]+/sbom\\.json");
    private static final Set<String> INDEX_TYPES = Set.of("application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, byte[]> files;

    private ImageContents(Map<String, byte[]> files) {
        this.files = files;
    }

    static boolean wanted(String path) {
        return path.equals(DPKG_STATUS) || (path.startsWith(DPKG_STATUS_D) && path.length() > DPKG_STATUS_D.length() && path.indexOf('/', DPKG_STATUS_D.length()) < 0)
                || path.equals(OS_RELEASE) || path.equals("usr/lib/os-release") || path.equals(JAVA_RELEASE) || MODULE_SBOM.matcher(path).matches();
    }

    /** Reads {@code repository@digest} (for an index, its linux/amd64 image). */
    public static ImageContents read(OciRegistry registry, String repository, String digest) {
        OciRegistry.Manifest manifest = registry.manifest(repository, digest)
                .orElseThrow(() -> new IllegalStateException(repository + "@" + digest + " is not in the registry"));
        if (!manifest.digest().equals(digest)) {
            throw new IllegalStateException("the registry served " + repository + "@" + digest + " with content of digest " + manifest.digest());
        }
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
        Map<String, String> links = new TreeMap<>();
        for (JsonNode layer : root.path("layers")) {
            String layerDigest = layer.path("digest").asText();
            try (InputStream blob = registry.openBlob(repository, layerDigest)
                    .orElseThrow(() -> new IllegalStateException("layer " + layerDigest + " of " + repository + "@" + digest + " is missing"))) {
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                DigestInputStream counted = new DigestInputStream(blob, sha256);
                InputStream tar = uncompressed(counted, layer.path("mediaType").asText());
                try {
                    replay(tar, files, links);
                    tar.transferTo(java.io.OutputStream.nullOutputStream()); // the tar's padding ...
                    counted.transferTo(java.io.OutputStream.nullOutputStream()); // ... and anything after the gzip member: the digest covers it all
                } finally {
                    tar.close(); // frees the Inflater now, not at GC
                }
                String actual = "sha256:" + HexFormat.of().formatHex(sha256.digest());
                if (!actual.equals(layerDigest)) {
                    throw new IllegalStateException("layer " + layerDigest + " of " + repository + "@" + digest + " was served with content of digest " + actual);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("layer " + layerDigest + " of " + repository + "@" + digest + " cannot be read: " + e.getMessage(), e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return finish(files, links);
    }

    /** Applies one tar layer over {@code files}; {@code links} collects symlinks at wanted paths (exposed for tests on hand-made layers). */
    static void replay(InputStream tar, Map<String, byte[]> files, Map<String, String> links) throws IOException {
        TarArchiveInputStream entries = new TarArchiveInputStream(tar);
        List<String> whiteouts = new ArrayList<>();
        List<String> opaque = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        Map<String, byte[]> added = new LinkedHashMap<>();
        Map<String, String> addedLinks = new LinkedHashMap<>();
        TarArchiveEntry entry;
        while ((entry = entries.getNextEntry()) != null) {
            String path = normalize(entry.getName());
            String base = path.substring(path.lastIndexOf('/') + 1);
            String dir = path.substring(0, path.length() - base.length());
            if (base.equals(".wh..wh..opq")) {
                opaque.add(dir);
            } else if (base.startsWith(".wh.")) {
                whiteouts.add(dir + base.substring(".wh.".length()));
            } else if (entry.isDirectory()) {
                continue;
            } else {
                replaced.add(path); // a file or link here replaces whatever lower layers had at or under this path
                if (!wanted(path)) {
                    continue;
                }
                if (entry.isSymbolicLink()) {
                    addedLinks.put(path, resolve(dir, entry.getLinkName()));
                } else if (entry.isLink()) {
                    addedLinks.put(path, normalize(entry.getLinkName())); // hard link names its target from the root
                } else if (entry.isFile()) {
                    added.put(path, entries.readAllBytes());
                }
            }
        }
        // Whiteouts and replacements act on the layers below, then this layer's own entries go on top.
        for (String dir : opaque) {
            files.keySet().removeIf(p -> p.startsWith(dir));
            links.keySet().removeIf(p -> p.startsWith(dir));
        }
        for (String deleted : whiteouts) {
            files.keySet().removeIf(p -> p.equals(deleted) || p.startsWith(deleted + "/"));
            links.keySet().removeIf(p -> p.equals(deleted) || p.startsWith(deleted + "/"));
        }
        for (String path : replaced) {
            files.keySet().removeIf(p -> p.equals(path) || p.startsWith(path + "/"));
            links.keySet().removeIf(p -> p.equals(path) || p.startsWith(path + "/"));
        }
        files.putAll(added);
        links.putAll(addedLinks);
    }

    /** Resolves links between wanted files; a dpkg database path that is a link to nothing we read is refused. */
    static ImageContents finish(Map<String, byte[]> files, Map<String, String> links) {
        Map<String, byte[]> resolved = new TreeMap<>(files);
        links.forEach((path, target) -> {
            byte[] content = files.get(target);
            if (content != null) {
                resolved.put(path, content);
            } else if (path.startsWith("var/lib/dpkg/")) {
                throw new IllegalStateException("/" + path + " is a link to /" + target + ", which the image does not hold as a file: "
                        + "its dpkg database cannot be read, so no SBOM is made from it");
            }
        });
        return new ImageContents(resolved);
    }

    private static String resolve(String dir, String target) {
        return normalize(target.startsWith("/") ? target : dir + target);
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

    /** {@code ./var//lib/./dpkg/../dpkg/status} → {@code var/lib/dpkg/status}. */
    static String normalize(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
                continue;
            }
            parts.add(part);
        }
        return String.join("/", parts);
    }

    private static JsonNode tree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("an image manifest that is not JSON: " + e.getMessage(), e);
        }
    }

    /** Debian packages whose files are on disk, from {@code status} and every {@code status.d} file, by name and architecture. */
    public List<DpkgPackages.DebPackage> debianPackages() {
        Map<String, DpkgPackages.DebPackage> packages = new LinkedHashMap<>();
        if (files.containsKey(DPKG_STATUS)) {
            DpkgPackages.parse(files.get(DPKG_STATUS), true).forEach(p -> packages.put(p.name() + ":" + p.architecture(), p));
        }
        files.forEach((path, content) -> {
            if (path.startsWith(DPKG_STATUS_D)) {
                DpkgPackages.parse(content, false).forEach(p -> packages.put(p.name() + ":" + p.architecture(), p));
            }
        });
        return List.copyOf(packages.values());
    }

    /** {@code /etc/os-release} (or {@code /usr/lib/os-release}) as fields; empty when the image has none. */
    public Map<String, String> osRelease() {
        byte[] text = files.getOrDefault(OS_RELEASE, files.get("usr/lib/os-release"));
        return text == null ? Map.of() : keyValues(text);
    }

    /** The jlink'd runtime's {@code release} file as fields; empty when there is none. */
    public Map<String, String> javaRuntime() {
        byte[] text = files.get(JAVA_RELEASE);
        return text == null ? Map.of() : keyValues(text);
    }

    /** The module SBOM the image carries ({@code /opt/<module>/sbom.json}), if exactly one: the Java dependencies actually in it. */
    public byte[] moduleSbom() {
        List<byte[]> sboms = new ArrayList<>();
        files.forEach((path, content) -> {
            if (MODULE_SBOM.matcher(path).matches()) {
                sboms.add(content);
            }
        });
        return sboms.size() == 1 ? sboms.get(0) : null;
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
