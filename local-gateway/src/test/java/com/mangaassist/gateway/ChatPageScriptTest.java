package com.mangaassist.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.contract.TurnTimings;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chat page as shipped ({@code page/reply-model.js} and {@code page/chat.js}) in Node's test
 * runner on a fake DOM ({@code chat-page-harness.mjs}): what it draws under a finished answer —
 * its sources in order with titles as text, or the note for an answer without store context — and
 * what it does with what it sent (issue 27): a lost {@code done} recovered by a resume, two tabs on
 * one outbox, entries that expire into a visible "not sent" state, each answer under its question —
 * and the 👍/👎 under each answered message (ADR 0045): what a click sends, the confirmed or stored choice, a refusal —
 * and token budgets (ADR 0046): the usage asked for once connected, the usage line its reports and each {@code done}'s quota
 * update, a message refused {@code quota_exceeded} shown as not sent with when its budget starts again and never resent —
 * and its sign-in (issue 30, item 1; {@code page/auth.js}): in mode oidc the code flow with PKCE against a fake issuer
 * (the authorize redirect, the code exchanged with its verifier and taken out of the address bar, state, nonce and claims
 * refused when wrong, no token in storage or console, the refresh before expiry, logout), in mode dev or without
 * {@code config.json} the page as before, and an {@code index.html} without inline script or style.
 */
class ChatPageScriptTest {

    @Test
    void chatPage_whenAnswersFinish_showsTheirSourcesAsTextOrTheUngroundedNote() throws IOException, InterruptedException, URISyntaxException {
        run("chat-page.test.mjs");
    }

    @Test
    void chatPage_whenDoneIsLostTabsShareTheOutboxEntriesExpireOrThePageReloads_recoversEachAnswerUnderItsQuestion()
            throws IOException, InterruptedException, URISyntaxException {
        run("chat-page-outbox.test.mjs");
    }

    @Test
    void chatPage_whenAnswersAreRatedRefusedOrReloaded_showsTheChoiceTheServerConfirmedOrStored()
            throws IOException, InterruptedException, URISyntaxException {
        run("chat-page-feedback.test.mjs");
    }

    @Test
    void chatPage_whenUsageIsReportedOrABudgetIsSpent_showsTheUsageLineAndTheRefusedMessageAsNotSent()
            throws IOException, InterruptedException, URISyntaxException {
        run("chat-page-quota.test.mjs");
    }

    @Test
    void chatPage_whenSigningInByOidcOrInDevMode_keepsTokensInMemoryAndRefusesWhatDoesNotMatchTheSignIn()
            throws IOException, InterruptedException, URISyntaxException {
        run("chat-page-auth.test.mjs");
    }

    @Test
    void chatPageAnswerDeadline_whenComparedWithTurnTimings_isTheServersAnswerDeadline() throws IOException {
        String page = Files.readString(Path.of("src/main/resources/com/mangaassist/gateway/page/chat.js"));
        Matcher deadline = Pattern.compile("const ANSWER_DEADLINE_MS = (\\d+);").matcher(page);

        assertThat(deadline.find()).as("chat.js declares ANSWER_DEADLINE_MS").isTrue();
        assertThat(Long.parseLong(deadline.group(1))).isEqualTo(TurnTimings.defaults().answerDeadline().toMillis());
    }

    private static void run(String file) throws IOException, InterruptedException, URISyntaxException {
        Path module = Path.of("").toAbsolutePath();
        Path script = Path.of(ChatPageScriptTest.class.getResource(file).toURI());
        ProcessBuilder node = new ProcessBuilder("node", "--test", script.toString()).redirectErrorStream(true);
        node.environment().put("PAGE_DIR", module.resolve("src/main/resources/com/mangaassist/gateway/page").toString());
        Process process = node.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("# fail 0").doesNotContain("# pass 0");
    }
}
