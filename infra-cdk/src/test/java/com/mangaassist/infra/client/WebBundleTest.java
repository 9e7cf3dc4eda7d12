package com.mangaassist.infra.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staged chat page: scripts and styles under {@code assets/} by content hash, every reference
 * to them rewritten (from index.html and between the files), the same names from the same
 * content, and nothing left naming an unhashed file — for a page made up here and for the real one.
 */
class WebBundleTest {

    private static final String INDEX = """
            <!doctype html>
            <html><head>
              <link rel="icon" href="data:image/svg+xml,%3Csvg%3E%3C/svg%3E">
              <link rel="stylesheet" href="/chat.css">
            </head><body>
              <script src="/reply-model.js"></script>
              <script src="chat.js"></script>
            </body></html>
            """;
    private static final String CHAT = """
            // Replies follow the contract through reply-model.js (running text, not a reference).
            import { createReplyModel } from './reply-model.js';
            fetch('/config.json');
            """;
    private static final String REPLY_MODEL = "export function createReplyModel() { return {}; }\n";
    private static final String CSS = "body { background: url(\"/icon.svg\"); }\n";
    /** A {@code src} or {@code href} attribute's value. */
    private static final Pattern ATTRIBUTE = Pattern.compile("(?:src|href)=\"([^\"]+)\"");

    @TempDir
    Path temp;

    @Test
    void stage_whenPageHasScriptsAndStyles_copiesThemUnderAssetsByTheirContentHash() throws IOException {
        WebBundle bundle = WebBundle.stage(page(CHAT), temp.resolve("staged"));

        assertThat(bundle.assets()).containsOnlyKeys("chat.css", "chat.js", "reply-model.js");
        assertThat(bundle.assets().get("reply-model.js")).isEqualTo("assets/reply-model." + sha256Prefix(REPLY_MODEL) + ".js");
        assertThat(bundle.assets().get("chat.css")).isEqualTo("assets/chat." + sha256Prefix(CSS) + ".css");
        assertThat(bundle.assets().values()).allSatisfy(key -> assertThat(key).matches("assets/[a-z-]+\\.[0-9a-f]{12}\\.(js|css)")
                .satisfies(k -> assertThat(bundle.directory().resolve(k)).isRegularFile()));
        assertThat(bundle.rootFiles()).containsExactly("index.html");
        assertThat(list(bundle.directory())).containsExactlyInAnyOrder("index.html", "assets");
        assertThat(list(bundle.assetsDirectory())).hasSize(3);
    }

    @Test
    void stage_whenIndexNamesAssets_rewritesEveryReferenceKeepingAbsoluteAndRelativeForms() throws IOException {
        WebBundle bundle = WebBundle.stage(page(CHAT), temp.resolve("staged"));

        String index = Files.readString(bundle.directory().resolve("index.html"));
        assertThat(index)
                .contains("href=\"/" + bundle.assets().get("chat.css") + "\"")
                .contains("src=\"/" + bundle.assets().get("reply-model.js") + "\"")
                .contains("src=\"" + bundle.assets().get("chat.js") + "\"")
                .contains("href=\"data:image/svg+xml,%3Csvg%3E%3C/svg%3E\"");
    }

    @Test
    void stage_whenAScriptImportsAnother_rewritesTheImportAndHashesTheRewrittenText() throws IOException {
        WebBundle bundle = WebBundle.stage(page(CHAT), temp.resolve("staged"));

        String chat = Files.readString(bundle.directory().resolve(bundle.assets().get("chat.js")));
        String replyModelFile = bundle.assets().get("reply-model.js").substring("assets/".length());
        assertThat(chat).contains("from './" + replyModelFile + "'")
                .as("running text and other files stay as they are").contains("through reply-model.js (running", "fetch('/config.json')");
        assertThat(bundle.assets().get("chat.js")).isEqualTo("assets/chat." + sha256Prefix(chat) + ".js");
    }

    @Test
    void stage_whenStagedTwice_givesTheSameNamesAndBytes() throws IOException {
        Path page = page(CHAT);

        WebBundle first = WebBundle.stage(page, temp.resolve("first"));
        WebBundle second = WebBundle.stage(page, temp.resolve("second"));

        assertThat(second.assets()).isEqualTo(first.assets());
        assertThat(Files.readString(second.directory().resolve("index.html"))).isEqualTo(Files.readString(first.directory().resolve("index.html")));
    }

    @Test
    void stage_whenADependencyChanges_renamesItAndEveryFileThatNamesIt() throws IOException {
        WebBundle before = WebBundle.stage(page(CHAT), temp.resolve("before"));
        Path changed = page(CHAT);
        Files.writeString(changed.resolve("reply-model.js"), REPLY_MODEL + "// changed\n");

        WebBundle after = WebBundle.stage(changed, temp.resolve("after"));

        assertThat(after.assets().get("reply-model.js")).isNotEqualTo(before.assets().get("reply-model.js"));
        assertThat(after.assets().get("chat.js")).as("chat.js names reply-model.js").isNotEqualTo(before.assets().get("chat.js"));
        assertThat(after.assets().get("chat.css")).isEqualTo(before.assets().get("chat.css"));
    }

    @Test
    void stage_whenFilesNameEachOther_refusesNamingTheCycle() throws IOException {
        Path page = page(CHAT);
        Files.writeString(page.resolve("reply-model.js"), "import './chat.js';\n");

        assertThatThrownBy(() -> WebBundle.stage(page, temp.resolve("staged"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chat.js -> reply-model.js -> chat.js");
    }

    @Test
    void stage_whenThePageHasAConfigJson_leavesItToTheStack() throws IOException {
        Path page = page(CHAT);
        Files.writeString(page.resolve("config.json"), "{\"clientSilenceMs\":1}");

        WebBundle bundle = WebBundle.stage(page, temp.resolve("staged"));

        assertThat(bundle.directory().resolve("config.json")).doesNotExist();
    }

    @Test
    void stage_whenThePageIsTheChatPage_leavesNothingPointingAtAnUnhashedName() throws IOException {
        Path source = WebBundle.pageSource();
        List<String> sources = list(source);

        WebBundle bundle = WebBundle.stage(source, temp.resolve("staged"));

        assertThat(bundle.assets().keySet()).as("every script and style sheet of the page")
                .containsExactlyInAnyOrderElementsOf(sources.stream().filter(name -> name.matches(".*\\.(js|mjs|css)")).toList())
                .contains("chat.js", "reply-model.js", "chat.css");
        String index = Files.readString(bundle.directory().resolve("index.html"));
        List<String> linked = new ArrayList<>();
        Matcher attribute = ATTRIBUTE.matcher(index);
        while (attribute.find()) {
            linked.add(attribute.group(1));
        }
        assertThat(linked).filteredOn(value -> !value.startsWith("data:"))
                .as("every file index.html links is a staged asset")
                .isNotEmpty()
                .allSatisfy(value -> assertThat(value.replaceFirst("^\\.?/", "")).startsWith("assets/")
                        .satisfies(key -> assertThat(bundle.directory().resolve(key)).isRegularFile()));
        for (Path staged : stagedTextFiles(bundle.directory())) {
            String text = Files.readString(staged);
            for (String name : bundle.assets().keySet()) {
                assertThat(WebBundle.reference(name).matcher(text).find()).as(staged.getFileName() + " names " + name).isFalse();
            }
        }
    }

    private Path page(String chat) throws IOException {
        Path page = Files.createTempDirectory(temp, "page");
        Files.writeString(page.resolve("index.html"), INDEX);
        Files.writeString(page.resolve("chat.js"), chat);
        Files.writeString(page.resolve("reply-model.js"), REPLY_MODEL);
        Files.writeString(page.resolve("chat.css"), CSS);
        return page;
    }

    private static List<String> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }

    private static List<Path> stagedTextFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).filter(file -> file.toString().matches(".*\\.(html|js|mjs|css)")).toList();
        }
    }

    private static String sha256Prefix(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
