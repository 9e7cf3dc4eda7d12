package com.mangaassist.shared.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand, so time-based behaviour is tested without sleeping. */
public final class MutableClock extends Clock {

    private volatile Instant now;

    /** Starting at a fixed instant, so a test's figures do not depend on when it runs. */
    public MutableClock() {
        this(Instant.parse("2026-11-22T12:00:00Z"));
    }

    /** Starting at {@code start} (a test whose other side reads the system clock starts near now). */
    public MutableClock(Instant start) {
        now = start;
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
