package com.mangaassist.orchestrator.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangaassist.localaws.EmbeddedRedis;
import com.mangaassist.orchestrator.config.OrchestratorSettings;
import com.mangaassist.orchestrator.connection.FrameReply;
import com.mangaassist.orchestrator.testing.OrchestratorParts;
import com.mangaassist.pipeline.redis.PrincipalTurns;
import com.mangaassist.pipeline.redis.RedisLink;
import com.mangaassist.pipeline.turn.TurnCommand;
import com.mangaassist.shared.routing.SpillMode;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.client.SendMessage;
import com.mangaassist.shared.wire.gateway.GatewayRequest;
import com.mangaassist.shared.wire.gateway.GatewayRoute;
import com.mangaassist.shared.wire.server.Ack;
import com.mangaassist.shared.wire.server.ErrorFrame;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A caller's turns in flight, as admission meets them on a real Redis (issue 27, ADR 0043). */
class TurnsInFlightAdmissionTest {

    private static final String CONNECTION = "connInFlight001=";
    private static EmbeddedRedis redis;
    private static RedisLink link;

    private final List<TurnCommand> ran = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private OrchestratorParts parts;

    @BeforeAll
    static void startRedis() {
        redis = EmbeddedRedis.start();
        link = new RedisLink(RedisURI.create(redis.uri()), Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(20)).until(link::connected);
    }

    @AfterAll
    static void stopRedis() {
        link.close();
        redis.close();
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        parts.close();
    }

    private void partsWithTurnsInFlight(int max) {
        parts = new OrchestratorParts(4, SpillMode.HYBRID, true, OrchestratorParts.holdingUntil(release, ran), link, new OrchestratorSettings.Principal(100, 100, 10, max));
    }

    private void admit(String principal, String messageId) {
        GatewayRequest request = new GatewayRequest(GatewayRoute.DEFAULT, CONNECTION, "req-" + messageId, principal, "");
        parts.admission.admit(request, new SendMessage("c-in-flight", messageId, "recommend a samurai manga", "en"),
                FrameReply.viaConnection(CONNECTION, parts.frames));
    }

    private boolean stored(String messageId) {
        return parts.store.all().stream().anyMatch(m -> m.messageId().equals(messageId));
    }

    @Test
    void admit_whenTheCallersAnswersInFlightAreAtTheCap_refusesRateLimitedAndStoresNothingUntilOneEnds() {
        partsWithTurnsInFlight(2);
        String caller = "user-" + System.nanoTime();
        admit(caller, "m1");
        admit(caller, "m2");

        admit(caller, "m3");

        assertThat(parts.connections.framesFor(CONNECTION)).last().isInstanceOfSatisfying(ErrorFrame.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(error.isRefusal()).isTrue();
            assertThat(error.message()).contains("this account's messages are being answered");
            assertThat(error.retryAfterMs()).isPositive();
        });
        assertThat(stored("m3")).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 2);

        // m1 ends wherever it ran (the pipeline gives its turn back); m3 is then accepted.
        PrincipalTurns.givingBack(link).ended(caller, "c-in-flight", "m1");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            admit(caller, "m3");
            return stored("m3");
        });
        assertThat(parts.connections.framesFor(CONNECTION)).last().isInstanceOf(Ack.class);
    }

    @Test
    void admit_whenAMessageInFlightIsSentAgainAtTheCap_isNotRefusedForTheCapWhileAnotherIs() {
        partsWithTurnsInFlight(1);
        String caller = "user-" + System.nanoTime();
        admit(caller, "m1");
        admit(caller, "m2");
        assertThat(parts.connections.framesFor(CONNECTION)).last().isInstanceOfSatisfying(ErrorFrame.class,
                error -> assertThat(error.message()).contains("this account's messages are being answered"));

        admit(caller, "m1");

        // The intake's answer to a resend of a message whose attempt just started, not the caller's cap.
        assertThat(parts.connections.framesFor(CONNECTION)).last().isInstanceOfSatisfying(ErrorFrame.class,
                error -> assertThat(error.message()).startsWith("this message is being answered").doesNotContain("account"));
    }
}
