package com.mangaassist.release.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The commit a release is built from, and whether the working tree matches it. */
public record SourceCommit(String sha, boolean clean) {

    /** Reads {@code HEAD} and the working tree's state with git. */
    public static SourceCommit of(Path repository) {
        String sha = git(repository, "rev-parse", "HEAD").strip();
        boolean clean = git(repository, "status", "--porcelain", "--untracked-files=no").isBlank();
        return new SourceCommit(sha, clean);
    }

    /**
     * The digest of a commit's dependency lock inputs: SHA-256 over {@code git ls-tree}'s lines
     * (mode, blob id, path) for every {@code pom.xml} and {@code package-lock.json} in it, so a
     * provenance names exactly which dependency declarations the build resolved.
     */
    public static String lockfileSha256(Path repository, String commit) {
        StringBuilder tree = new StringBuilder();
        for (String line : git(repository, "ls-tree", "-r", commit).split("\n")) {
            if (line.matches(".*\t(.*/)?(pom\\.xml|package-lock\\.json)")) {
                tree.append(line).append('\n');
            }
        }
        if (tree.isEmpty()) {
            throw new IllegalStateException("commit " + commit + " in " + repository + " holds no pom.xml: not this project's commit");
        }
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(tree.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String shortSha() {
        return sha.substring(0, 7);
    }

    private static String git(Path repository, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", repository.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("git " + args[0] + " failed in " + repository + ": " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("git is needed to name a release's commit: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running git", e);
        }
    }
}
