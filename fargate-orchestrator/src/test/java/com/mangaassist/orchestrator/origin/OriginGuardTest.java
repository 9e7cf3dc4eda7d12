package com.mangaassist.orchestrator.origin;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.pipeline.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Which origin proofs a task accepts, and how it follows a rotation of the secret: the current
 * value, the replaced one for the overlap, a new value learned from the first frame that carries
 * it, and what it keeps when the secret cannot be read.
 */
class OriginGuardTest {

    private static final Duration OVERLAP = Duration.ofHours(24);
    private static final String A = "proof-a-5d0b8e2f41c7";
    private static final String B = "proof-b-93a61fe07d2c";

    private final TestClock clock = new TestClock();
    private final SecretStandIn secret = new SecretStandIn(new OriginProofs(A, null, clock.instant()));

    /** The secret's staged versions as a test sets them; counts reads and can fail them. */
    static final class SecretStandIn implements OriginProofSource {
        private volatile OriginProofs versions;
        private volatile boolean unreachable;
        final AtomicInteger reads = new AtomicInteger();

        SecretStandIn(OriginProofs versions) {
            this.versions = versions;
        }

        /** What put-secret-value does: {@code next} becomes AWSCURRENT, the current value AWSPREVIOUS. */
        void rotate(String next, Instant at) {
            versions = new OriginProofs(next, versions.current(), at);
        }

        @Override
        public OriginProofs read() {
            reads.incrementAndGet();
            if (unreachable) {
                throw new IllegalStateException("secrets manager unreachable");
            }
            return versions;
        }
    }

    private OriginGuard guard() {
        return new OriginGuard(secret, OVERLAP, clock);
    }

    @Test
    void check_whenTheCurrentValueIsPresented_acceptsItAsCurrent() {
        assertThat(guard().check(A)).isEqualTo(OriginVerdict.CURRENT);
    }

    @Test
    void check_whenNoProofIsPresented_refusesItAsMissing() {
        OriginGuard guard = guard();

        assertThat(guard.check(null)).isEqualTo(OriginVerdict.MISSING);
        assertThat(guard.check("")).isEqualTo(OriginVerdict.MISSING);
        assertThat(OriginVerdict.MISSING.accepted()).isFalse();
    }

    @Test
    void check_whenAValueTheSecretNeverHeldIsPresented_refusesIt() {
        assertThat(guard().check("forged-" + A)).isEqualTo(OriginVerdict.UNKNOWN);
    }

    @Test
    void check_whenThePreviousValueArrivesWithinTheOverlap_acceptsItAsPrevious() {
        OriginGuard guard = guard();
        secret.rotate(B, clock.instant());
        guard.refresh();
        clock.advance(OVERLAP.minusMinutes(1));

        assertThat(guard.check(A)).isEqualTo(OriginVerdict.PREVIOUS);
        assertThat(guard.check(B)).isEqualTo(OriginVerdict.CURRENT);
    }

    @Test
    void check_whenThePreviousValueArrivesAfterTheOverlap_refusesIt() {
        OriginGuard guard = guard();
        secret.rotate(B, clock.instant());
        guard.refresh();
        clock.advance(OVERLAP.plusSeconds(1));

        assertThat(guard.check(A)).isEqualTo(OriginVerdict.UNKNOWN);
        assertThat(guard.check(B)).isEqualTo(OriginVerdict.CURRENT);
    }

    @Test
    void check_whenTheNewValueArrivesBeforeTheScheduledRefresh_readsTheSecretAgainAndAcceptsIt() {
        OriginGuard guard = guard();
        secret.rotate(B, clock.instant());

        assertThat(guard.check(B)).isEqualTo(OriginVerdict.CURRENT);
        assertThat(guard.check(A)).isEqualTo(OriginVerdict.PREVIOUS);
    }

    @Test
    void check_whenUnknownValuesKeepComing_readsTheSecretAtMostOncePerGap() {
        OriginGuard guard = guard();
        int atStart = secret.reads.get();

        for (int i = 0; i < 100; i++) {
            guard.check("forged-" + i);
        }
        assertThat(secret.reads.get() - atStart).isEqualTo(1);

        clock.advance(OriginGuard.MISMATCH_REFRESH_GAP);
        guard.check("forged-again");
        assertThat(secret.reads.get() - atStart).isEqualTo(2);
    }

    @Test
    void refresh_whenTheSecretCannotBeRead_keepsAcceptingTheValuesItKnew() {
        OriginGuard guard = guard();
        secret.rotate(B, clock.instant());
        guard.refresh();
        secret.unreachable = true;

        guard.refresh();
        clock.advance(OriginGuard.MISMATCH_REFRESH_GAP);

        assertThat(guard.check(B)).isEqualTo(OriginVerdict.CURRENT);
        assertThat(guard.check(A)).isEqualTo(OriginVerdict.PREVIOUS);
        assertThat(guard.check("forged")).isEqualTo(OriginVerdict.UNKNOWN);
    }

    /**
     * The rotation runbook as a stream of frames: API Gateway maps A; the secret rotates to B; the
     * task's scheduled refresh runs; the stage switches to B while frames mapped with A are still in
     * flight (both interleave); then only B. Every frame is accepted.
     */
    @Test
    void check_whenTheSecretRotatesWhileFramesFlow_acceptsEveryFrame() {
        OriginGuard guard = guard();
        List<String> presented = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            presented.add(A);
        }
        List<OriginVerdict> verdicts = new ArrayList<>();
        presented.forEach(p -> verdicts.add(guard.check(p)));

        secret.rotate(B, clock.instant());
        for (int i = 0; i < 10; i++) {
            verdicts.add(guard.check(A));
        }
        clock.advance(Duration.ofSeconds(60));
        guard.refresh();
        for (int i = 0; i < 20; i++) {
            verdicts.add(guard.check(i % 2 == 0 ? A : B));
        }
        for (int i = 0; i < 20; i++) {
            verdicts.add(guard.check(B));
        }

        assertThat(verdicts).hasSize(70).allSatisfy(verdict -> assertThat(verdict.accepted()).isTrue());
        assertThat(verdicts.subList(0, 20)).containsOnly(OriginVerdict.CURRENT);
        assertThat(verdicts.subList(50, 70)).containsOnly(OriginVerdict.CURRENT);
    }

    /** A task whose scheduled refresh has not run yet when the stage switches: the first B frame teaches it B. */
    @Test
    void check_whenTheStageSwitchesBeforeThisTaskRefreshed_acceptsEveryFrame() {
        OriginGuard guard = guard();
        List<OriginVerdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            verdicts.add(guard.check(A));
        }
        secret.rotate(B, clock.instant());
        for (int i = 0; i < 20; i++) {
            verdicts.add(guard.check(i % 3 == 0 ? A : B));
        }

        assertThat(verdicts).allSatisfy(verdict -> assertThat(verdict.accepted()).isTrue());
    }
}
