package com.mangaassist.planner.sim;

import com.mangaassist.planner.config.PlannerConfig.GatewaySettings;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * API Gateway's WebSocket API as the platform's turns meet it: the connection each conversation
 * holds (opened under the account's new-connections quota, gone after the idle timeout or the
 * connection-duration cap), the stage's message throttle, and the messages and connection time it
 * bills. It also holds the active conversations, because a conversation's state lives exactly as
 * long as API Gateway keeps its connection: memory follows connected conversations, not users.
 */
final class ApiGateway {

    private final GatewaySettings settings;
    private final TokenBucket throttle;
    private final TokenBucket newConnections;
    private final Map<String, Conversation> conversations = new HashMap<>();
    private int peakConversations;
    /**
     * Connection time of the connections closed so far; the open ones are added when the run ends
     * ({@link #connectionSecondsAtEnd}), since how long they last is only known then.
     */
    private double connectionSeconds;
    /** Messages since the last {@link #takeMessages}: billed per message, by the second. */
    private long messages;

    ApiGateway(GatewaySettings settings) {
        this.settings = settings;
        this.throttle = new TokenBucket(settings.throttleRatePerSecond(), settings.throttleBurst());
        this.newConnections = new TokenBucket(settings.newConnectionsPerSecond(), settings.newConnectionsPerSecond());
    }

    /** The active conversation {@code id}, started (not yet connected) on its first turn. */
    Conversation conversation(String id) {
        Conversation conversation = conversations.computeIfAbsent(id, key -> new Conversation());
        peakConversations = Math.max(peakConversations, conversations.size());
        return conversation;
    }

    /**
     * A client's send of a turn at {@code now}. It reconnects first when its connection is gone
     * (never opened, idle past the timeout, or past the duration cap), which the new-connections
     * quota may refuse; then the stage's throttle may refuse the message. False on either refusal
     * (a 429: the client retries). New connections and refusals count in {@code minute}, the
     * turn's minute.
     */
    boolean admit(Conversation conversation, double now, MinuteStats minute) {
        boolean needsConnection = !conversation.connected || now - conversation.lastActivity > settings.idleTimeoutSeconds()
                || now - conversation.connectedAt > settings.maxConnectionSeconds();
        if (needsConnection) {
            if (!newConnections.tryTake(now)) {
                minute.throttled++;
                return false;
            }
            if (conversation.connected) {
                // The old connection closed at its idle timeout, or now when it reached the duration cap first.
                connectionSeconds += Math.min(conversation.lastActivity + settings.idleTimeoutSeconds(), now) - conversation.connectedAt;
            }
            conversation.connected = true;
            conversation.connectedAt = now;
            minute.newConnections++;
        }
        conversation.lastActivity = now;
        if (!throttle.tryTake(now)) {
            minute.throttled++;
            return false;
        }
        messages++;
        return true;
    }

    /** What API Gateway adds to a turn's latencies: one @connections POST and the push to the client. */
    double deliveryMs() {
        return settings.deliveryMs();
    }

    /** An answer pushed to the client: a start and an end frame around its tokens, coalesced into frames. */
    void answered(int outputTokens) {
        messages += 2 + (outputTokens + settings.tokensPerFrame() - 1) / settings.tokensPerFrame();
    }

    /** An error frame pushed to the client. */
    void failed() {
        messages++;
    }

    /**
     * Closes the connections idle past the timeout (API Gateway does; the conversation's next turn,
     * if any, reconnects and reloads its history) and forgets their conversations. A conversation
     * with a turn in flight stays: its turn still needs it.
     */
    void closeIdle(double now) {
        double idle = settings.idleTimeoutSeconds();
        for (Iterator<Conversation> it = conversations.values().iterator(); it.hasNext(); ) {
            Conversation conversation = it.next();
            if (conversation.inFlight == 0 && now - conversation.lastActivity > idle) {
                connectionSeconds += conversation.lastActivity + idle - conversation.connectedAt;
                it.remove();
            }
        }
    }

    /** Messages since the last call, for the second's bill. */
    long takeMessages() {
        long taken = messages;
        messages = 0;
        return taken;
    }

    /** Forgets the connection time so far (what the pre-roll's connections cost is not part of the run). */
    void forgetConnectionTime() {
        connectionSeconds = 0;
    }

    /**
     * The run's connection time, the connections still open counted to their last activity. Once,
     * when the run ends: it adds the open connections to the total.
     */
    double connectionSecondsAtEnd() {
        for (Conversation conversation : conversations.values()) {
            connectionSeconds += conversation.lastActivity - conversation.connectedAt;
        }
        return connectionSeconds;
    }

    /** The most conversations active at once. */
    int peakConversations() {
        return peakConversations;
    }
}
