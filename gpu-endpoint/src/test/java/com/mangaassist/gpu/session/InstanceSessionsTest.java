package com.mangaassist.gpu.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.wire.inference.StatefulSessions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InstanceSessionsTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T10:00:00.250Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void open_announcesAnIdInTheSdksPatternAndAWholeSecondExpiry() {
        InstanceSessions sessions = new InstanceSessions(clock, Duration.ofMinutes(20), 10);

        StatefulSessions.Opened opened = sessions.open();

        assertThat(StatefulSessions.ID.matcher(opened.id()).matches()).isTrue();
        assertThat(opened.expires()).isEqualTo(Instant.parse("2026-12-07T10:20:00Z"));
        assertThat(StatefulSessions.parseNewSession(StatefulSessions.newSessionHeader(opened.id(), opened.expires()))).isEqualTo(opened);
        assertThat(sessions.holds(opened.id())).isTrue();
    }

    @Test
    void holds_whenTheExpiryPasses_isFalse() {
        InstanceSessions sessions = new InstanceSessions(clock, Duration.ofMinutes(20), 10);
        StatefulSessions.Opened opened = sessions.open();

        now.set(opened.expires());

        assertThat(sessions.holds(opened.id())).isFalse();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void close_forgetsTheSessionAndReportsWhetherItWasHeld() {
        InstanceSessions sessions = new InstanceSessions(clock, Duration.ofMinutes(20), 10);
        StatefulSessions.Opened opened = sessions.open();

        assertThat(sessions.close(opened.id())).isTrue();
        assertThat(sessions.close(opened.id())).isFalse();
        assertThat(sessions.holds(opened.id())).isFalse();
    }

    @Test
    void open_whenFull_letsTheOldestGo() {
        InstanceSessions sessions = new InstanceSessions(clock, Duration.ofMinutes(20), 2);
        StatefulSessions.Opened first = sessions.open();
        StatefulSessions.Opened second = sessions.open();

        StatefulSessions.Opened third = sessions.open();

        assertThat(sessions.holds(first.id())).isFalse();
        assertThat(sessions.holds(second.id())).isTrue();
        assertThat(sessions.holds(third.id())).isTrue();
    }
}
