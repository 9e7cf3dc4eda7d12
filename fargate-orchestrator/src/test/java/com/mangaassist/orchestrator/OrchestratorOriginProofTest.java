package com.mangaassist.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangaassist.localaws.LocalAwsStack;
import com.mangaassist.localaws.sagemaker.SimulatedGpuFleet;
import com.mangaassist.orchestrator.origin.OriginGuard;
import com.mangaassist.orchestrator.origin.StagedSecret;
import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.shared.contract.SettingNames;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.server.ErrorFrame;
import com.mangaassist.shared.wire.server.ServerFrameCodec;
import io.micronaut.context.env.Environment;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The second proof of origin over HTTP (ADR 0027), with the proof read from a secret the test
 * rotates: a call that carries an authorizer principal but not this stage's proof — what another
 * API pointed at the account-wide VPC link would send — is refused with 403 and a typed error and
 * touches nothing; a rotation while frames flow drops none of them.
 */
class OrchestratorOriginProofTest {

    static final String ENVIRONMENT = "origin-proof-test";
    static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:mangaassist-origin-proof-AbCdEf";

    private static LocalAwsStack aws;
    private static SimulatedGpuFleet gpu;
    private static OrchestratorHarness orchestrator;

    @BeforeAll
    static void start() {
        aws = LocalAwsStack.start();
        gpu = SimulatedGpuFleet.start("gpu-origin-proof", 16, Duration.ofMillis(1));
        // An hour between scheduled reads: the rotation test runs the task's read itself, between two frames.
        orchestrator = OrchestratorHarness.start(aws, gpu, Map.of("orchestrator.spill-mode", "baseline-only",
                SettingNames.ORIGIN_PROOF_SECRET_ARN, SECRET_ARN, SettingNames.ORIGIN_PROOF_REFRESH, "1h"), Environment.TEST, ENVIRONMENT);
        await().atMost(Duration.ofSeconds(20)).until(() -> orchestrator.get("/ready").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        if (orchestrator != null) {
            orchestrator.close();
        }
        if (gpu != null) {
            gpu.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    private static ConversationStore store() {
        return orchestrator.bean(ConversationStore.class);
    }

    /** The value API Gateway maps now: the secret's current one. */
    private static String mapped() {
        return orchestrator.bean(StagedSecret.class).getSecretValue(b -> b.secretId(SECRET_ARN)).secretString();
    }

    private static double refusedSoFar() {
        Matcher counter = Pattern.compile("(?m)^gateway_origin_refused_total(?:\\{[^}]*})? (\\S+)$").matcher(orchestrator.get("/metrics").body());
        assertThat(counter.find()).as("gateway.origin.refused is published").isTrue();
        return Double.parseDouble(counter.group(1));
    }

    @Test
    void frame_whenAForgedPrincipalComesWithoutTheProof_isRefused403AndNothingIsStoredOrSent() {
        String connection = OrchestratorHarness.newConnection();
        String conversation = OrchestratorHarness.newConversation();
        double before = refusedSoFar();

        HttpResponse<String> missing = orchestrator.sendMessage(connection, "victim", conversation, "m1", "what did I order?", null);
        HttpResponse<String> wrong = orchestrator.sendMessage(connection, "victim", conversation, "m2", "what did I order?",
                "forged-" + mapped());

        for (HttpResponse<String> refused : List.of(missing, wrong)) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(ServerFrameCodec.withDefaults().decode(refused.body()).value())
                    .isInstanceOfSatisfying(ErrorFrame.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.FORBIDDEN));
        }
        assertThat(store().messagesFrom(new ConversationRef("victim", conversation), 1)).isEmpty();
        assertThat(orchestrator.frames(connection)).isEmpty();
        assertThat(refusedSoFar() - before).isEqualTo(2.0);
    }

    @Test
    void connectAndDisconnect_withoutTheProof_areRefused403() {
        String connection = OrchestratorHarness.newConnection();

        assertThat(orchestrator.connect(connection, "victim", null).statusCode()).isEqualTo(403);
        assertThat(orchestrator.connect(connection, "victim", "forged-value-0123456789").statusCode()).isEqualTo(403);
        assertThat(orchestrator.connect(connection, "victim", mapped()).statusCode()).isEqualTo(200);
    }

    /**
     * The rotation runbook while a client keeps sending: frames mapped with the old value; the
     * secret rotates; the task's scheduled read (run here by the test, between two frames) learns
     * the new value; the stage switches to it while frames mapped with the old one are still in
     * flight (both interleave); then only the new value. Every frame is accepted and every message
     * stored.
     */
    @Test
    void frames_whenTheSecretRotatesWhileTheyFlow_areAllAcceptedAndStored() {
        StagedSecret secret = orchestrator.bean(StagedSecret.class);
        String old = mapped();
        String fresh = "rotated-" + Long.toHexString(System.nanoTime()) + "-origin-proof";
        String connection = OrchestratorHarness.newConnection();
        List<String> conversations = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            if (i == 6) {
                secret.put(fresh, Instant.now());
            }
            if (i == 10) {
                orchestrator.bean(OriginGuard.class).refresh();
            }
            // 0..11: the stage maps the old value; 12..17: it switches, frames of both in flight; 18..23: the new value only.
            String proof = i < 12 ? old : i < 18 ? (i % 2 == 0 ? fresh : old) : fresh;
            String conversation = OrchestratorHarness.newConversation();
            conversations.add(conversation);
            statuses.add(orchestrator.sendMessage(connection, "user-r", conversation, "m1", "recommend a manga, frame " + i, proof).statusCode());
        }

        assertThat(statuses).containsOnly(200);
        assertThat(conversations).allSatisfy(conversation ->
                assertThat(store().messagesFrom(new ConversationRef("user-r", conversation), 1)).hasSize(1));
        assertThat(orchestrator.get("/metrics").body()).containsPattern("(?m)^gateway_origin_previous_total(\\{[^}]*})? [1-9]");
    }
}
