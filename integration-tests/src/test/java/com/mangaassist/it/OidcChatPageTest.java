package com.mangaassist.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.gateway.LocalApiGateway;
import com.mangaassist.localaws.process.NodePackages;
import com.mangaassist.localaws.process.ServiceProcess;
import com.mangaassist.localstack.LaunchOptions;
import com.mangaassist.localstack.LocalStackLauncher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The chat page signing in as {@code ./run-local.sh --oidc} has it: a stack whose gateway accepts only
 * the local OIDC stand-in's ID tokens, driven in Debian's headless Chromium (playwright-core, never
 * a downloaded browser): sent to the stand-in's login form, signed in, back with no code in the URL,
 * a question answered, no token in web storage, signed out through the end_session endpoint. Skipped
 * at once, before any stack starts, where Chromium is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcChatPageTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private LocalStackLauncher launcher;
    private LocalApiGateway gateway;

    @BeforeAll
    void startPlatform() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed");
        launcher = new LocalStackLauncher();
        gateway = launcher.start(LaunchOptions.forTests(1, "hybrid").withOidc(true));
    }

    @AfterAll
    void stopPlatform() {
        if (launcher != null) {
            launcher.stop();
        }
    }

    @Test
    void chatPage_signsInThroughTheStandIn_isAnswered_keepsNoToken_andSignsOut() throws Exception {
        Path script = NodePackages.installed(OidcChatPageTest.class, "browser", List.of("oidc-sign-in.mjs"), "playwright-core");
        Path screenshot = ServiceProcess.reactorRoot().resolve("integration-tests/target/chat-page-oidc.png");
        Process node = new ProcessBuilder("node", "oidc-sign-in.mjs", gateway.chatUrl().toString(), launcher.oidcStandIn().issuer(), "alice",
                screenshot.toString()).directory(script.toFile()).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                output.append(line).append('\n');
            }
        }
        assertThat(node.waitFor(3, TimeUnit.MINUTES)).isTrue();

        System.out.print(output);
        assertThat(node.exitValue()).as(output.toString()).isZero();
        assertThat(output).contains("\"ok\":true");
        assertThat(launcher.oidcStandIn().signOuts()).as("the stand-in ended the session").isGreaterThanOrEqualTo(1);
    }
}
