package com.mangaassist.localaws.architecture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * What a production artifact really contains: every class entry of a deployment zip (including the
 * jars inside it) or of an image's class path, and the rule that none of it is local emulation or
 * test tooling. Checked over the built artifacts themselves, not over the build's inputs.
 */
public final class ProductionArtifacts {

    /**
     * Class-entry prefixes that must never ship: our local emulation and the emulators and test
     * libraries behind it, and our own modules no service loads on its path (the release contract
     * and signing, which only the release tool and the CDK app use; the client's reply model,
     * which only tests and the bench use: ADR 0001).
     */
    public static final List<String> FORBIDDEN = List.of(
            "com/mangaassist/releasecontract/",
            "com/mangaassist/chatclient/",
            "com/mangaassist/planner/",
            "com/mangaassist/release/",
            "com/mangaassist/localaws/",
            "com/mangaassist/localstack/",
            "com/mangaassist/gateway/",
            "com/mangaassist/testsupport/",
            "com/amazonaws/services/dynamodbv2/local/",
            "org/elasticmq/",
            "redis/embedded/",
            "org/junit/",
            "org/assertj/",
            "wiremock/",
            "com/github/tomakehurst/wiremock/",
            "com/tngtech/archunit/");

    private ProductionArtifacts() {
    }

    /** Every {@code .class} entry of the zip or jar, with those of the jars nested in it (prefixed {@code jar!}). */
    public static List<String> classesOf(Path archive) {
        try (InputStream in = Files.newInputStream(archive)) {
            List<String> classes = new ArrayList<>();
            collect(in, "", classes);
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + archive, e);
        }
    }

    /** Every class entry of the jars in a class-path directory (an image's {@code lib/}). */
    public static List<String> classesOfDirectory(Path directory) {
        List<String> classes = new ArrayList<>();
        try (Stream<Path> jars = Files.list(directory)) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jar -> classesOf(jar).forEach(c -> classes.add(jar.getFileName() + "!" + c)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        return classes;
    }

    /** The entries that break the rule, as readable lines; empty when the artifact is clean. */
    public static List<String> forbidden(List<String> classes) {
        TreeSet<String> found = new TreeSet<>();
        for (String entry : classes) {
            String path = entry.substring(entry.lastIndexOf('!') + 1);
            for (String prefix : FORBIDDEN) {
                if (path.startsWith(prefix)) {
                    // One line per jar and prefix: a whole emulator would otherwise print thousands.
                    found.add(entry.substring(0, entry.lastIndexOf('!') + 1) + prefix + "…");
                }
            }
        }
        return List.copyOf(found);
    }

    private static void collect(InputStream in, String prefix, List<String> classes) throws IOException {
        ZipInputStream zip = new ZipInputStream(in);
        for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
            String name = entry.getName();
            if (name.endsWith(".class")) {
                classes.add(prefix + name);
            } else if (name.endsWith(".jar")) {
                // Read the nested jar from the outer stream; closing it would close the outer one.
                collect(new NonClosing(zip), prefix + name + "!", classes);
            }
        }
    }

    /** Lets a nested ZipInputStream read an entry without closing the outer stream. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
