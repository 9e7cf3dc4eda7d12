package com.mangaassist.shared.wire.server;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A frame the platform sends to a client through the API Gateway management API. Every frame
 * carries {@code seq}, numbered per message (ack is 0, tokens follow, done is last), so a client
 * can order frames and drop duplicates whichever compute path produced them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Ack.class, name = Ack.TYPE),
    @JsonSubTypes.Type(value = Token.class, name = Token.TYPE),
    @JsonSubTypes.Type(value = Done.class, name = Done.TYPE),
    @JsonSubTypes.Type(value = ErrorFrame.class, name = ErrorFrame.TYPE),
    @JsonSubTypes.Type(value = Resumed.class, name = Resumed.TYPE),
    @JsonSubTypes.Type(value = Pong.class, name = Pong.TYPE)
})
public sealed interface ServerFrame permits Ack, Token, Done, ErrorFrame, Resumed, Pong {

    long seq();
}
