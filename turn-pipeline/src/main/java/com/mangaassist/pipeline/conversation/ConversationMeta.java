package com.mangaassist.pipeline.conversation;

/**
 * A conversation's head: how many messages it has and its version, which every write that
 * changes what a prompt or a resume can hold moves on by one (accepting a message, closing one).
 * Every cache tier is checked against the version.
 */
public record ConversationMeta(long messages, long version) {

    public static final ConversationMeta ABSENT = new ConversationMeta(0, 0);

    public boolean exists() {
        return messages > 0;
    }
}
