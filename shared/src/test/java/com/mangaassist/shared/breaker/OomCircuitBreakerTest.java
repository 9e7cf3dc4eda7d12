package com.mangaassist.shared.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.testing.MutableClock;
import com.mangaassist.shared.routing.BreakerState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OomCircuitBreakerTest {

    private final MutableClock clock = new MutableClock();
    private final List<String> events = new ArrayList<>();
    private final OomCircuitBreaker breaker = new OomCircuitBreaker(BreakerSettings.defaults(), clock, new BreakerListener() {
        @Override
        public void onTransition(BreakerState from, BreakerState to) {
            events.add(from + "->" + to);
        }

        @Override
        public void onEscalation(int trips) {
            events.add("escalation:" + trips);
        }
    });

    @Test
    void acquire_whenClosed_grantsFullContext() {
        assertThat(breaker.acquire()).isEqualTo(OomCircuitBreaker.Permit.FULL);
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void onOutOfMemory_opensAndReducesContextForTheCooldown() {
        breaker.onOutOfMemory(breaker.acquire());

        OomCircuitBreaker.Permit permit = breaker.acquire();
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(permit.ceiling()).isEqualTo(1024);
        assertThat(permit.maxOutput()).isEqualTo(256);
        clock.advance(Duration.ofSeconds(29));
        assertThat(breaker.acquire().reduced()).isTrue();
    }

    @Test
    void afterCooldown_halfOpenLetsExactlyOneFullTrialThrough() {
        breaker.onOutOfMemory(breaker.acquire());
        clock.advance(Duration.ofSeconds(30));

        OomCircuitBreaker.Permit trial = breaker.acquire();
        OomCircuitBreaker.Permit other = breaker.acquire();

        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(trial.trial()).isTrue();
        assertThat(trial.reduced()).isFalse();
        assertThat(other.reduced()).isTrue();
    }

    @Test
    void trialSuccess_closes() {
        breaker.onOutOfMemory(breaker.acquire());
        clock.advance(Duration.ofSeconds(30));
        breaker.onSuccess(breaker.acquire());

        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(events).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
    }

    @Test
    void trialOutOfMemory_reopensForAnotherCooldown() {
        breaker.onOutOfMemory(breaker.acquire());
        clock.advance(Duration.ofSeconds(30));
        breaker.onOutOfMemory(breaker.acquire());

        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(events).containsSubsequence("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN");
    }

    @Test
    void reducedSuccessWhileHalfOpen_doesNotClose() {
        breaker.onOutOfMemory(breaker.acquire());
        clock.advance(Duration.ofSeconds(30));
        OomCircuitBreaker.Permit trial = breaker.acquire();
        breaker.onSuccess(breaker.acquire());

        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        breaker.onOtherFailure(trial);
        assertThat(breaker.acquire().trial()).isTrue();
    }

    @Test
    void twoTripsWithinFiveMinutes_escalate() {
        breaker.onOutOfMemory(breaker.acquire());
        clock.advance(Duration.ofMinutes(4));
        breaker.onOutOfMemory(breaker.acquire());

        assertThat(events).contains("escalation:2");
        assertThat(breaker.trips()).isEqualTo(2);
    }

    @Test
    void twoTripsFurtherApartThanTheWindow_doNotEscalate() {
        breaker.onOutOfMemory(breaker.acquire());
        clock.advance(Duration.ofMinutes(6));
        breaker.onOutOfMemory(breaker.acquire());

        assertThat(events).noneMatch(e -> e.startsWith("escalation"));
    }
}
