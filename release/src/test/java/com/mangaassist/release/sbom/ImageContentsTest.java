package com.mangaassist.release.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/** The dpkg database, os-release and the Java runtime's release file, read from layers replayed in order, whiteouts included. */
class ImageContentsTest {

    @Test
    void debianPackages_whenStatusAndStatusDBothPresent_listsInstalledPackagesOnly() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        Map<String, String> links = new TreeMap<>();
        ImageContents.replay(layer(Map.of("var/lib/dpkg/status", resource("dpkg-status"),
                "var/lib/dpkg/status.d/busybox", "Package: busybox\nVersion: 1:1.35.0-4+b3\nArchitecture: amd64\n".getBytes(StandardCharsets.UTF_8))), files, links);

        assertThat(ImageContents.finish(files, links).debianPackages()).extracting(DpkgPackages.DebPackage::name, DpkgPackages.DebPackage::version,
                DpkgPackages.DebPackage::source).containsExactly(
                org.assertj.core.groups.Tuple.tuple("libc6", "2.36-9+deb12u9", "glibc"),
                org.assertj.core.groups.Tuple.tuple("zlib1g", "1:1.2.13.dfsg-1", "zlib"),
                org.assertj.core.groups.Tuple.tuple("busybox", "1:1.35.0-4+b3", null));
    }

    @Test
    void replay_whenALaterLayerWhitesOutAFile_theFileIsGone() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        Map<String, String> links = new TreeMap<>();
        ImageContents.replay(layer(Map.of("./var/lib/dpkg/status.d/busybox", "Package: busybox\nVersion: 1\n".getBytes(StandardCharsets.UTF_8),
                "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n".getBytes(StandardCharsets.UTF_8))), files, links);
        ImageContents.replay(layer(Map.of("var/lib/dpkg/status.d/.wh.busybox", new byte[0])), files, links);

        ImageContents contents = ImageContents.finish(files, links);
        assertThat(contents.debianPackages()).isEmpty();
        assertThat(contents.osRelease()).containsEntry("ID", "debian").containsEntry("VERSION_ID", "12");
    }

    @Test
    void replay_whenADirectoryIsMadeOpaque_lowerLayersBelowItVanish() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        Map<String, String> links = new TreeMap<>();
        ImageContents.replay(layer(Map.of("var/lib/dpkg/status", resource("dpkg-status"))), files, links);
        ImageContents.replay(layer(Map.of("var/lib/dpkg/.wh..wh..opq", new byte[0],
                "opt/java/release", "JAVA_VERSION=\"17.0.15\"\nMODULES=\"java.base\"\n".getBytes(StandardCharsets.UTF_8))), files, links);

        ImageContents contents = ImageContents.finish(files, links);
        assertThat(contents.debianPackages()).isEmpty();
        assertThat(contents.javaRuntime()).containsEntry("JAVA_VERSION", "17.0.15");
    }

    @Test
    void replay_whenEtcOsReleaseIsASymlink_readsTheFileItPointsTo() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry link = new TarArchiveEntry("./etc/os-release", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("../usr/lib/os-release");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            byte[] content = "ID=debian\nVERSION_ID=\"12\"\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry file = new TarArchiveEntry("./usr/lib/os-release");
            file.setSize(content.length);
            tar.putArchiveEntry(file);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        Map<String, byte[]> files = new TreeMap<>();
        Map<String, String> links = new TreeMap<>();
        ImageContents.replay(new ByteArrayInputStream(bytes.toByteArray()), files, links);

        assertThat(ImageContents.finish(files, links).osRelease()).containsEntry("ID", "debian");
    }

    @Test
    void replay_whenALayerListsItsOwnFilesBeforeAnOpaqueWhiteout_keepsThem() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        Map<String, String> links = new TreeMap<>();
        ImageContents.replay(layer(Map.of("var/lib/dpkg/status.d/old", "Package: old\nVersion: 1\n".getBytes(StandardCharsets.UTF_8))), files, links);
        // The hostile order: the layer's own file first, the opaque marker after it.
        ImageContents.replay(orderedLayer(new String[] {"var/lib/dpkg/status.d/openssl", "var/lib/dpkg/status.d/.wh..wh..opq"},
                new byte[][] {"Package: openssl\nVersion: 3.0.15\n".getBytes(StandardCharsets.UTF_8), new byte[0]}), files, links);

        assertThat(ImageContents.finish(files, links).debianPackages()).extracting(DpkgPackages.DebPackage::name).containsExactly("openssl");
    }

    @Test
    void replay_whenALaterLayerReplacesTheDpkgDirectoryWithAFile_theOldDatabaseIsGone() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        Map<String, String> links = new TreeMap<>();
        ImageContents.replay(layer(Map.of("var/lib/dpkg/status", resource("dpkg-status"))), files, links);
        ImageContents.replay(layer(Map.of("var/lib/dpkg", "not a directory any more".getBytes(StandardCharsets.UTF_8))), files, links);

        assertThat(ImageContents.finish(files, links).debianPackages()).isEmpty();
    }

    @Test
    void finish_whenTheDpkgStatusIsALinkToAFileNotInTheImage_refuses() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry link = new TarArchiveEntry("var/lib/dpkg/status", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("/opt/elsewhere/status");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        Map<String, byte[]> files = new TreeMap<>();
        Map<String, String> links = new TreeMap<>();
        ImageContents.replay(new ByteArrayInputStream(bytes.toByteArray()), files, links);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImageContents.finish(files, links)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/var/lib/dpkg/status is a link to /opt/elsewhere/status");
    }

    @Test
    void normalize_collapsesDotsAndDoubleSlashes() {
        assertThat(ImageContents.normalize("./var//lib/./dpkg/../dpkg/status")).isEqualTo("var/lib/dpkg/status");
    }

    private static ByteArrayInputStream orderedLayer(String[] names, byte[][] contents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (int i = 0; i < names.length; i++) {
                TarArchiveEntry header = new TarArchiveEntry(names[i]);
                header.setSize(contents[i].length);
                tar.putArchiveEntry(header);
                tar.write(contents[i]);
                tar.closeArchiveEntry();
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    /** A tar layer of {@code entries} in name order. */
    static ByteArrayInputStream layer(Map<String, byte[]> entries) throws IOException {
        TreeMap<String, byte[]> sorted = new TreeMap<>(entries);
        return orderedLayer(sorted.keySet().toArray(new String[0]), sorted.values().toArray(new byte[0][]));
    }

    static byte[] resource(String name) throws IOException {
        try (var in = ImageContentsTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
