package com.mangaassist.infra.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The chat page as the hosted client serves it, staged at synth time from the page's sources
 * (local-gateway's {@value #PAGE_SOURCE}): every script and style sheet is copied to
 * {@code assets/<name>.<first 12 hex of its SHA-256>.<ext>}, so it can be cached for a year and a
 * new release is a new name; every other file ({@code index.html}) stays at the root, with its
 * references to the assets rewritten. References between assets (a script naming another) are
 * rewritten too, before the referring file is hashed, so a changed dependency changes the name of
 * everything that names it; files that name each other cannot be hashed and are refused.
 *
 * <p>A reference is a file's name in quotes, parentheses or backticks ({@code "/chat.js"},
 * {@code './reply-model.js'}, {@code url(chat.css)}), bare or after {@code /} or {@code ./};
 * an absolute one stays absolute ({@code /assets/...}), a relative one stays relative to the
 * referring file. A name in running text (a comment saying "reply-model.js") is left alone.
 *
 * <p>{@value #CONFIG} is not staged: the stack writes its own (HostedClient), with the deployment's
 * WebSocket URL and OIDC settings, as the local gateway serves its own.
 */
public final class WebBundle {

    /** Where the page's sources live, from the repository root. */
    public static final String PAGE_SOURCE = "local-gateway/src/main/resources/com/mangaassist/gateway/page";
    /** The folder, in the staged directory and the bucket, that holds the hashed files. */
    public static final String ASSETS = "assets";
    public static final String INDEX = "index.html";
    public static final String CONFIG = "config.json";
    /** Extensions of the files that are hashed and served as immutable assets. */
    static final Set<String> HASHED = Set.of("js", "mjs", "css");
    /** Extensions of the files whose references are rewritten. */
    private static final Set<String> TEXT = Set.of("html", "js", "mjs", "css");
    private static final int HASH_CHARS = 12;

    private final Path directory;
    private final Map<String, String> assets;
    private final List<String> rootFiles;

    private WebBundle(Path directory, Map<String, String> assets, List<String> rootFiles) {
        this.directory = directory;
        this.assets = Collections.unmodifiableMap(assets);
        this.rootFiles = List.copyOf(rootFiles);
    }

    /**
     * The page's source directory: {@code ../local-gateway/...} where the CDK CLI runs (infra-cdk)
     * or from a sibling module (other modules' tests synthesize the app too), {@code local-gateway/...}
     * from the reactor root.
     */
    public static Path pageSource() {
        for (String candidate : List.of("../" + PAGE_SOURCE, PAGE_SOURCE, "../../" + PAGE_SOURCE)) {
            if (Files.isRegularFile(Path.of(candidate, INDEX))) {
                return Path.of(candidate).normalize();
            }
        }
        throw new IllegalStateException("the chat page's sources (" + PAGE_SOURCE + "/" + INDEX + ") are not here: run cdk from infra-cdk/");
    }

    /** Stages {@code page} into a new temporary directory, removed when the JVM exits (CDK copies it into the cloud assembly). */
    public static WebBundle stage(Path page) {
        try {
            Path staging = Files.createTempDirectory("mangaassist-page-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(staging)));
            return stage(page, staging);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a staging directory for the chat page", e);
        }
    }

    /** Stages {@code page} into {@code staging}, which must be empty or absent. */
    public static WebBundle stage(Path page, Path staging) {
        try {
            return new Stager(page, staging).run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the chat page from " + page, e);
        }
    }

    /** The staged files, laid out as the bucket holds them: {@code index.html} at the root, the hashed files under {@code assets/}. */
    public Path directory() {
        return directory;
    }

    /** The staged {@code assets/} folder. */
    public Path assetsDirectory() {
        return directory.resolve(ASSETS);
    }

    /** Each source's name ({@code chat.js}) to its key in the bucket ({@code assets/chat.0123456789ab.js}), by name. */
    public Map<String, String> assets() {
        return assets;
    }

    /** The staged files outside {@code assets/} ({@code index.html}), by name. */
    public List<String> rootFiles() {
        return rootFiles;
    }

    private static final class Stager {
        private final Path page;
        private final Path staging;
        /** Source name to its content, for the files whose references are rewritten. */
        private final Map<String, String> texts = new TreeMap<>();
        private final Map<String, String> hashed = new TreeMap<>();
        private final List<String> rootFiles = new ArrayList<>();
        private final Map<String, Pattern> references = new LinkedHashMap<>();

        Stager(Path page, Path staging) {
            this.page = page;
            this.staging = staging;
        }

        WebBundle run() throws IOException {
            if (!Files.isRegularFile(page.resolve(INDEX))) {
                throw new IllegalStateException("the chat page at " + page + " has no " + INDEX);
            }
            if (Files.exists(staging)) {
                try (Stream<Path> existing = Files.list(staging)) {
                    if (existing.findAny().isPresent()) {
                        throw new IllegalStateException("the staging directory " + staging + " is not empty");
                    }
                }
            }
            Files.createDirectories(staging.resolve(ASSETS));
            List<String> names = sourceNames();
            for (String name : names) {
                if (HASHED.contains(extension(name))) {
                    references.put(name, reference(name));
                }
            }
            for (String name : names) {
                if (TEXT.contains(extension(name))) {
                    texts.put(name, Files.readString(page.resolve(name), StandardCharsets.UTF_8));
                }
            }
            // Dependencies first: a file's name is the hash of its text with its own references already rewritten.
            for (String asset : references.keySet()) {
                hash(asset, new LinkedHashSet<>());
            }
            for (String name : names) {
                if (references.containsKey(name)) {
                    continue;
                }
                Path target = staging.resolve(name);
                if (texts.containsKey(name)) {
                    Files.writeString(target, rewrite(texts.get(name), false), StandardCharsets.UTF_8);
                } else {
                    Files.copy(page.resolve(name), target);
                }
                rootFiles.add(name);
            }
            Map<String, String> keys = new TreeMap<>();
            hashed.forEach((name, file) -> keys.put(name, ASSETS + "/" + file));
            return new WebBundle(staging, keys, rootFiles);
        }

        private List<String> sourceNames() throws IOException {
            List<String> names = new ArrayList<>();
            try (Stream<Path> files = Files.list(page)) {
                for (Path file : files.sorted().toList()) {
                    String name = file.getFileName().toString();
                    if (name.startsWith(".") || name.equals(CONFIG)) {
                        continue;
                    }
                    if (!Files.isRegularFile(file)) {
                        throw new IllegalStateException("the chat page's sources are one flat folder; " + file + " is not a file");
                    }
                    if (name.equals(ASSETS)) {
                        throw new IllegalStateException("the chat page cannot have a file named " + ASSETS + ": the staged page keeps its hashed files there");
                    }
                    names.add(name);
                }
            }
            return names;
        }

        private String hash(String asset, Set<String> path) throws IOException {
            String done = hashed.get(asset);
            if (done != null) {
                return done;
            }
            if (!path.add(asset)) {
                throw new IllegalStateException("the chat page's files " + String.join(" -> ", path) + " -> " + asset
                        + " name each other: a content hash cannot name both");
            }
            for (String dependency : referencedAssets(texts.get(asset))) {
                hash(dependency, path);
            }
            path.remove(asset);
            String text = rewrite(texts.get(asset), true);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            String name = stem(asset) + "." + sha256(bytes).substring(0, HASH_CHARS) + "." + extension(asset);
            Files.write(staging.resolve(ASSETS).resolve(name), bytes);
            hashed.put(asset, name);
            return name;
        }

        private List<String> referencedAssets(String text) {
            return references.entrySet().stream().filter(entry -> entry.getValue().matcher(text).find()).map(Map.Entry::getKey).toList();
        }

        /** {@code text} with every asset reference pointing at its hashed file, as seen from the root or from {@code assets/}. */
        private String rewrite(String text, boolean fromAssets) {
            String result = text;
            for (Map.Entry<String, Pattern> entry : references.entrySet()) {
                String file = hashed.get(entry.getKey());
                if (file == null) {
                    continue; // not referenced by this file (hash() rewrites dependencies first)
                }
                Matcher matcher = entry.getValue().matcher(result);
                result = matcher.replaceAll(match -> {
                    String prefix = match.group(1) == null ? "" : match.group(1);
                    String target = prefix.equals("/") ? "/" + ASSETS + "/" + file
                            : fromAssets ? prefix + file : prefix + ASSETS + "/" + file;
                    return Matcher.quoteReplacement(target);
                });
            }
            return result;
        }
    }

    /** {@code name}, bare or after {@code /} or {@code ./}, between quotes, parentheses or backticks (a query or fragment may follow). */
    static Pattern reference(String name) {
        return Pattern.compile("(?<=[\"'(`])(/|\\./)?" + Pattern.quote(name) + "(?=[\"')`?#])");
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Collections.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
