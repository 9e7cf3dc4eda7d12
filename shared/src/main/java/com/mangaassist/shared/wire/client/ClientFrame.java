package com.mangaassist.shared.wire.client;

/**
 * A frame a chat client sends over the WebSocket. The {@code action} property is what API
 * Gateway's route selection expression ({@code $request.body.action}) reads.
 */
public sealed interface ClientFrame permits SendMessage, Resume, Ping, Feedback, UsageRequest {

    /** The action name as it appears on the wire. */
    String action();
}
