package com.mangaassist.localaws.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProductionArtifactsTest {

    @TempDir
    Path dir;

    private static byte[] jar(String... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String entry : entries) {
                zip.putNextEntry(new ZipEntry(entry));
                zip.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private Path zip(String name, byte[] nestedJar, String... entries) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String entry : entries) {
                zip.putNextEntry(new ZipEntry(entry));
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("lib/dependency.jar"));
            zip.write(nestedJar);
            zip.closeEntry();
        }
        return file;
    }

    @Test
    void classesOf_listsTopLevelAndNestedJarClasses() throws IOException {
        Path artifact = zip("function.zip", jar("org/example/Lib.class", "META-INF/MANIFEST.MF"), "com/example/Handler.class", "log4j2.xml");

        assertThat(ProductionArtifacts.classesOf(artifact)).containsExactly("com/example/Handler.class", "lib/dependency.jar!org/example/Lib.class");
    }

    @Test
    void forbidden_whenANestedJarHoldsAnEmulator_namesTheJarAndThePackage() throws IOException {
        Path artifact = zip("function.zip", jar("com/mangaassist/localaws/lambda/LocalEventSourcePoller.class", "org/elasticmq/Queue.class"),
                "com/example/Handler.class");

        List<String> forbidden = ProductionArtifacts.forbidden(ProductionArtifacts.classesOf(artifact));

        assertThat(forbidden).containsExactly("lib/dependency.jar!com/mangaassist/localaws/…", "lib/dependency.jar!org/elasticmq/…");
    }

    @Test
    void forbidden_whenTheArtifactIsClean_isEmpty() throws IOException {
        Path artifact = zip("function.zip", jar("software/amazon/awssdk/Sdk.class"), "com/mangaassist/overflow/OverflowHandler.class");

        assertThat(ProductionArtifacts.forbidden(ProductionArtifacts.classesOf(artifact))).isEmpty();
    }
}
