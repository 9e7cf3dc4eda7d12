package com.mangaassist.chatclient;

import com.fasterxml.jackson.annotation.JsonValue;
import com.mangaassist.shared.domain.WireEnums;

/** Where one of a client's messages stands, as far as the frames it received say. */
public enum MessageStatus {
    /** Sent; no frame of it arrived yet. */
    SENT,
    /**
     * Refused before it was accepted (nothing stored): the refusal's code says whether resending can help
     * ({@link MessageView#retryable()}: after a {@code busy} or {@code rate_limited}, not after a {@code quota_exceeded}).
     */
    REFUSED,
    /** Accepted; its current attempt has not streamed yet. */
    ACCEPTED,
    /** Its current attempt is streaming. */
    STREAMING,
    /** Answered: the text is the stored answer. */
    DONE,
    /** Closed with an error. */
    FAILED;

    @JsonValue
    public String wireName() {
        return WireEnums.lowerCase(this);
    }

    /** Nothing more is coming unless the client sends it again. */
    public boolean settled() {
        return this == REFUSED || this == DONE || this == FAILED;
    }
}
