package com.mangaassist.pipeline.affinity;

import com.mangaassist.pipeline.redis.RedisLink;
import com.mangaassist.shared.wire.inference.StatefulSessions;
import io.lettuce.core.SetArgs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Sessions in Redis, beside the conversation's cached history: one string per conversation and
 * endpoint, {@code <id> <expiry epoch seconds>}, kept exactly until the session's expiry, so a
 * lapsed session is never offered. The key carries the conversation's partition key (a digest of
 * the principal and the conversation id, never the principal in the clear).
 */
public final class RedisSessionStore implements SessionStore {

    static final String PREFIX = "mangaassist:gpu-session:";

    private final RedisLink link;
    private final Clock clock;

    public RedisSessionStore(RedisLink link, Clock clock) {
        this.link = Objects.requireNonNull(link, "link");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public StatefulSessions.Opened get(String conversation, String endpoint) {
        String value = link.connection("session read").sync().get(key(conversation, endpoint));
        if (value == null) {
            return null;
        }
        int space = value.indexOf(' ');
        try {
            return space < 0 ? null : new StatefulSessions.Opened(value.substring(0, space),
                    Instant.ofEpochSecond(Long.parseLong(value.substring(space + 1))));
        } catch (NumberFormatException corrupt) {
            return null;
        }
    }

    @Override
    public void put(String conversation, String endpoint, StatefulSessions.Opened session) {
        long ttlMillis = Duration.between(clock.instant(), session.expires()).toMillis();
        if (ttlMillis <= 0) {
            return;
        }
        link.connection("session write").sync().set(key(conversation, endpoint), session.id() + " " + session.expires().getEpochSecond(),
                SetArgs.Builder.px(ttlMillis));
    }

    @Override
    public void remove(String conversation, String endpoint) {
        link.connection("session removal").sync().del(key(conversation, endpoint));
    }

    /** Hash-tagged by conversation, like the other keys of a conversation. */
    static String key(String conversation, String endpoint) {
        return PREFIX + "{" + conversation + "}:" + endpoint;
    }
}
