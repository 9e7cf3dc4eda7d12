package com.mangaassist.pipeline.affinity;

import com.mangaassist.shared.wire.inference.StatefulSessions;

/**
 * Where a conversation's stateful session is kept between its turns, by endpoint (a session belongs
 * to one endpoint's instance): shared by both compute paths, so a turn that spills to the overflow
 * function still goes to the instance that holds the conversation's prefix. A store that does not
 * answer throws; the caller goes without affinity for that turn.
 */
public interface SessionStore {

    /** The session last opened for {@code conversation} on {@code endpoint}, or {@code null}. */
    StatefulSessions.Opened get(String conversation, String endpoint);

    /** Keeps {@code session} until its expiry. */
    void put(String conversation, String endpoint, StatefulSessions.Opened session);

    void remove(String conversation, String endpoint);
}
