package com.mangaassist.orchestrator.origin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether an integration call came through this platform's API stage: its origin proof
 * must be the current value, or the previous one within {@code overlap} of the rotation that
 * replaced it (ADR 0027). The values are re-read on a schedule ({@link #refresh}) and, at most once
 * per {@link #MISMATCH_REFRESH_GAP}, when a call presents a value this task does not know: a task
 * that has not yet seen a rotation learns it from the first frame carrying the new value instead
 * of refusing it, while a stream of forged values costs the secret store one read every few
 * seconds. A failed read keeps the values already known, so a Secrets Manager outage drops no
 * frame.
 */
public final class OriginGuard {

    private static final Logger LOG = LoggerFactory.getLogger(OriginGuard.class);

    /** The least time between two reads a mismatch triggers. */
    static final Duration MISMATCH_REFRESH_GAP = Duration.ofSeconds(5);

    private final OriginProofSource source;
    private final Clock clock;
    private final Duration overlap;
    private final Object refreshLock = new Object();
    private volatile OriginProofs known;
    /** When a mismatch last read the source ({@code null}: never); guarded by refreshLock. */
    private Instant lastMismatchRead;

    /** Reads the source once: a task that cannot learn its proofs does not start. */
    public OriginGuard(OriginProofSource source, Duration overlap, Clock clock) {
        this.source = source;
        this.overlap = overlap;
        this.clock = clock;
        this.known = source.read();
    }

    /** @param presented the call's origin proof header, {@code null} when absent */
    public OriginVerdict check(String presented) {
        if (presented == null || presented.isEmpty()) {
            return OriginVerdict.MISSING;
        }
        OriginProofs seen = known;
        OriginVerdict verdict = match(seen, presented);
        if (verdict != OriginVerdict.UNKNOWN) {
            return verdict;
        }
        refreshAfterMismatch(seen);
        OriginProofs now = known;
        return now == seen ? verdict : match(now, presented);
    }

    /** Re-reads the source; on failure the values already known stay. */
    public void refresh() {
        synchronized (refreshLock) {
            read();
        }
    }

    private void refreshAfterMismatch(OriginProofs seen) {
        synchronized (refreshLock) {
            // Another call refreshed while this one waited: match against what it read instead of reading again.
            Instant now = clock.instant();
            if (known != seen || lastMismatchRead != null && now.isBefore(lastMismatchRead.plus(MISMATCH_REFRESH_GAP))) {
                return;
            }
            lastMismatchRead = now;
            read();
        }
    }

    private void read() {
        try {
            OriginProofs read = source.read();
            if (!read.currentSince().equals(known.currentSince()) || !read.current().equals(known.current())) {
                LOG.info("event=origin_proof_rotated currentSince={} previousKnown={}", read.currentSince(), read.previous() != null);
            }
            known = read;
        } catch (RuntimeException e) {
            LOG.warn("event=origin_proof_refresh_failed detail=\"{}\"", e.toString());
        }
    }

    private OriginVerdict match(OriginProofs proofs, String presented) {
        if (same(proofs.current(), presented)) {
            return OriginVerdict.CURRENT;
        }
        if (proofs.previous() != null && same(proofs.previous(), presented)
                && clock.instant().isBefore(proofs.currentSince().plus(overlap))) {
            return OriginVerdict.PREVIOUS;
        }
        return OriginVerdict.UNKNOWN;
    }

    /** Constant time in the content: how much of a guess matched must not show in the response time. */
    private static boolean same(String expected, String presented) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
