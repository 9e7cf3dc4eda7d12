package com.mangaassist.pipeline.conversation;

/** Who owns a conversation and how many turns it has: the version every cache tier is checked against. */
public record ConversationMeta(String owner, long turnCount) {

    public static final ConversationMeta ABSENT = new ConversationMeta(null, 0);

    public boolean exists() {
        return owner != null;
    }

    public boolean ownedBy(String principal) {
        return !exists() || owner.equals(principal);
    }
}
