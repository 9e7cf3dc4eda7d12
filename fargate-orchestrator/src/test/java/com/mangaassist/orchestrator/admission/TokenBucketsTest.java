package com.mangaassist.orchestrator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final TokenBuckets limiter = new TokenBuckets(2, 3, nanos::get);

    @Test
    void tryAcquire_allowsTheBurstThenSaysHowLongToWait() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("conn-a")).isZero();
        }
        assertThat(limiter.tryAcquire("conn-a")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void tryAcquire_refillsAtTheSustainedRate() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("conn-a");
        }
        nanos.addAndGet(Duration.ofMillis(500).toNanos());

        assertThat(limiter.tryAcquire("conn-a")).isZero();
        assertThat(limiter.tryAcquire("conn-a")).isPositive();
    }

    @Test
    void tryAcquire_keepsConnectionsApart() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("conn-a");
        }

        assertThat(limiter.tryAcquire("conn-b")).isZero();
    }

    @Test
    void forget_givesAReconnectedIdAFreshBucket() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("conn-a");
        }
        limiter.forget("conn-a");

        assertThat(limiter.tryAcquire("conn-a")).isZero();
    }
}
