package com.mangaassist.pipeline.affinity;

import com.mangaassist.shared.wire.inference.StatefulSessions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One process's sessions: for tests, and for a process with no Redis (its turns keep affinity among themselves only). */
public final class InMemorySessionStore implements SessionStore {

    private final Map<String, StatefulSessions.Opened> sessions = new ConcurrentHashMap<>();

    @Override
    public StatefulSessions.Opened get(String conversation, String endpoint) {
        String key = key(conversation, endpoint);
        StatefulSessions.Opened held = sessions.get(key);
        if (held != null && !java.time.Instant.now().isBefore(held.expires())) {
            sessions.remove(key, held);
            return null;
        }
        return held;
    }

    @Override
    public void put(String conversation, String endpoint, StatefulSessions.Opened session) {
        sessions.put(key(conversation, endpoint), session);
    }

    @Override
    public void remove(String conversation, String endpoint) {
        sessions.remove(key(conversation, endpoint));
    }

    private static String key(String conversation, String endpoint) {
        return conversation + "\n" + endpoint;
    }
}
