package com.mangaassist.orchestrator.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangaassist.localaws.EmbeddedRedis;
import com.mangaassist.orchestrator.config.OrchestratorSettings;
import com.mangaassist.orchestrator.metrics.OrchestratorMetrics;
import com.mangaassist.orchestrator.metrics.SampleReservoir;
import com.mangaassist.pipeline.redis.PrincipalTurns;
import com.mangaassist.pipeline.redis.RedisLink;
import com.mangaassist.shared.contract.MetricNames;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The per-caller limits on a real Redis, as two tasks share them (ADR 0035). */
class PrincipalLimitsTest {

    private static final Duration TURN_LIFETIME = Duration.ofMinutes(2);
    private static final OrchestratorSettings.Principal LIMITS = new OrchestratorSettings.Principal(0.5, 3, 2, 2);
    private static EmbeddedRedis redis;
    private static RedisLink taskA;
    private static RedisLink taskB;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final OrchestratorMetrics metrics = new OrchestratorMetrics(registry, new SampleReservoir(10));
    private final AtomicLong nanos = new AtomicLong();

    @BeforeAll
    static void startRedis() {
        redis = EmbeddedRedis.start();
        taskA = new RedisLink(RedisURI.create(redis.uri()), Duration.ofSeconds(2));
        taskB = new RedisLink(RedisURI.create(redis.uri()), Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(20)).until(() -> taskA.connected() && taskB.connected());
    }

    @AfterAll
    static void stopRedis() {
        taskA.close();
        taskB.close();
        redis.close();
    }

    private PrincipalLimits on(RedisLink link) {
        return new PrincipalLimits(link, LIMITS, TURN_LIFETIME, nanos::get, metrics);
    }

    private static String principal() {
        return "user-" + UUID.randomUUID();
    }

    @Test
    void tryAcquireMessage_whenTwoTasksShareRedis_grantsTheBurstOnceAcrossBoth() {
        PrincipalLimits a = on(taskA);
        PrincipalLimits b = on(taskB);
        String caller = principal();

        assertThat(a.tryAcquireMessage(caller, "conn-1")).isZero();
        assertThat(b.tryAcquireMessage(caller, "conn-1")).isZero();
        assertThat(a.tryAcquireMessage(caller, "conn-1")).isZero();
        Duration refused = b.tryAcquireMessage(caller, "conn-1");

        // Half a message a second: the next one is at most two seconds away.
        assertThat(refused).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(a.tryAcquireMessage(principal(), "conn-1")).as("another caller has a bucket of its own").isZero();
    }

    @Test
    void tryAcquireRating_whenTwoTasksShareRedis_grantsTheBurstOnceAcrossBothOnABucketApartFromMessages() {
        PrincipalLimits a = on(taskA);
        PrincipalLimits b = on(taskB);
        String caller = principal();

        assertThat(a.tryAcquireRating(caller, "conn-1")).isZero();
        assertThat(b.tryAcquireRating(caller, "conn-2")).isZero();
        assertThat(a.tryAcquireRating(caller, "conn-1")).isZero();
        assertThat(b.tryAcquireRating(caller, "conn-2")).as("the caller's ratings across tasks and connections").isPositive();
        assertThat(a.tryAcquireMessage(caller, "conn-1")).as("ratings do not spend the caller's messages").isZero();
    }

    @Test
    void tryConnect_whenTheCallerIsAtItsCap_refusesUntilOneOfItsConnectionsCloses() {
        PrincipalLimits a = on(taskA);
        PrincipalLimits b = on(taskB);
        String caller = principal();

        assertThat(a.tryConnect(caller, "conn-1")).isTrue();
        assertThat(b.tryConnect(caller, "conn-2")).isTrue();
        assertThat(a.tryConnect(caller, "conn-2")).as("a connection already counted").isTrue();
        assertThat(b.tryConnect(caller, "conn-3")).isFalse();
        assertThat(a.tryConnect(principal(), "conn-4")).as("another caller").isTrue();

        b.disconnected(caller, "conn-1");

        await().atMost(Duration.ofSeconds(5)).until(() -> a.tryConnect(caller, "conn-3"));
        assertThat(b.tryConnect(caller, "conn-5")).isFalse();
    }

    @Test
    void tryAcquireMessage_fromACountedConnection_keepsItCountedForAnotherLifetimeAndCountsNoOther() {
        PrincipalLimits a = on(taskA);
        String caller = principal();
        String key = "mangaassist:principal:{" + caller + "}:connections";
        assertThat(a.tryConnect(caller, "conn-1")).isTrue();
        Double connected = taskA.connection("test").sync().zscore(key, "conn-1");

        // Messages until Redis's millisecond clock has moved: each pushes the connection's end a lifetime past its own time.
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            a.tryAcquireMessage(caller, "conn-1");
            return taskA.connection("test").sync().zscore(key, "conn-1") > connected;
        });
        a.tryAcquireMessage(caller, "conn-unknown");

        assertThat(taskA.connection("test").sync().zscore(key, "conn-unknown")).as("a message never counts a connection").isNull();
        assertThat(taskA.connection("test").sync().zscore(key, "conn-1") - connected)
                .isLessThan((double) PrincipalLimits.CONNECTION_LIFETIME.toMillis());
    }

    @Test
    void limits_whenThereIsNoRedis_limitMessagesInThisTaskAndLetConnectionsOpen() {
        PrincipalLimits local = new PrincipalLimits(null, LIMITS, TURN_LIFETIME, nanos::get, metrics);
        String caller = principal();

        for (int i = 0; i < 3; i++) {
            assertThat(local.tryAcquireMessage(caller, "conn-1")).isZero();
        }
        assertThat(local.tryAcquireMessage(caller, "conn-1")).isEqualTo(Duration.ofSeconds(2));
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(local.tryAcquireMessage(caller, "conn-1")).isZero();
        for (int i = 0; i < 5; i++) {
            assertThat(local.tryConnect(caller, "conn-" + i)).isTrue();
        }
    }

    @Test
    void limits_whenRedisStopsAnswering_fallBackToThisTasksOwnAndCountIt() {
        try (EmbeddedRedis gone = EmbeddedRedis.start();
             RedisLink link = new RedisLink(RedisURI.create(gone.uri()), Duration.ofMillis(200))) {
            await().atMost(Duration.ofSeconds(20)).until(link::connected);
            PrincipalLimits limits = on(link);
            String caller = principal();
            gone.stop();

            for (int i = 0; i < 3; i++) {
                assertThat(limits.tryAcquireMessage(caller, "conn-1")).isZero();
            }
            assertThat(limits.tryAcquireMessage(caller, "conn-1")).as("the task's own bucket, of the same size").isPositive();
            assertThat(limits.tryConnect(caller, "conn-1")).isTrue();
            assertThat(registry.counter(MetricNames.PRINCIPAL_LIMITS_LOCAL).count()).isEqualTo(5);
        }
    }

    @Test
    void tryStartTurn_whenTwoTasksShareRedis_capsTheCallersAnswersInFlightAcrossBothButNotAResend() {
        PrincipalLimits a = on(taskA);
        PrincipalLimits b = on(taskB);
        String caller = principal();

        assertThat(a.tryStartTurn(caller, "c-1", "m1")).isZero();
        assertThat(b.tryStartTurn(caller, "c-2", "m1")).isZero();
        Duration refused = a.tryStartTurn(caller, "c-1", "m2");

        assertThat(refused).isPositive().isLessThanOrEqualTo(TURN_LIFETIME);
        assertThat(b.tryStartTurn(caller, "c-1", "m1")).as("a resend of a message in flight holds the slot it has").isZero();
        assertThat(a.tryStartTurn(principal(), "c-1", "m2")).as("another caller has slots of its own").isZero();
    }

    @Test
    void tryStartTurn_whenAnotherProcessEndsATurn_freesItsSlot() {
        PrincipalLimits admission = on(taskA);
        // What the pipeline gives back in whichever process ended the turn (here the other task): it knows no cap.
        PrincipalTurns pipeline = PrincipalTurns.givingBack(taskB);
        String caller = principal();
        admission.tryStartTurn(caller, "c-1", "m1");
        admission.tryStartTurn(caller, "c-1", "m2");
        assertThat(admission.tryStartTurn(caller, "c-1", "m3")).isPositive();

        pipeline.ended(caller, "c-1", "m1");

        await().atMost(Duration.ofSeconds(10)).until(() -> admission.tryStartTurn(caller, "c-1", "m3").isZero());
    }

    @Test
    void tryStartTurn_whenNoProcessGivesASlotBack_freesItAtItsLifetime() {
        PrincipalLimits shortLived = new PrincipalLimits(taskA, LIMITS, Duration.ofSeconds(3), nanos::get, metrics);
        String caller = principal();
        shortLived.tryStartTurn(caller, "c-1", "m1");
        shortLived.tryStartTurn(caller, "c-1", "m2");
        assertThat(shortLived.tryStartTurn(caller, "c-1", "m3")).isPositive();

        // The process that held m1 and m2 died without a word: their slots end on their own.
        await().atMost(Duration.ofSeconds(10)).until(() -> shortLived.tryStartTurn(caller, "c-1", "m3").isZero());
    }

    @Test
    void tryStartTurn_withoutRedis_limitsNothing() {
        PrincipalLimits local = new PrincipalLimits(null, LIMITS, TURN_LIFETIME, nanos::get, metrics);
        String caller = principal();

        for (int m = 0; m < 10; m++) {
            assertThat(local.tryStartTurn(caller, "c-1", "m" + m)).isZero();
        }
    }
}
