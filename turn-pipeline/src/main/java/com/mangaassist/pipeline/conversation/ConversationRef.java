package com.mangaassist.pipeline.conversation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/**
 * A conversation as its caller names it: the principal and the conversation id the client chose.
 * Conversations live under their principal ({@link #partitionKey()} starts with a digest of it),
 * so a conversation id names a different conversation for every caller: nobody can reach, probe
 * or claim another principal's conversation, whatever id they send (ADR 0019).
 */
public record ConversationRef(String principal, String conversationId) {

    public ConversationRef {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(conversationId, "conversationId");
    }

    /** {@code u#<base64url(sha256(principal)), 22 chars>#<conversationId>}: fixed length before the id, no principal in the clear. */
    public String partitionKey() {
        return partitionKey(principal, conversationId);
    }

    public static String partitionKey(String principal, String conversationId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(principal.getBytes(StandardCharsets.UTF_8));
            return "u#" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "#" + conversationId;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public MessageKey message(long index) {
        return new MessageKey(partitionKey(), index);
    }
}
