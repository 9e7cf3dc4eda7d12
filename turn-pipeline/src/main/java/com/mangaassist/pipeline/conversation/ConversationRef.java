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

    /** How many characters of the principal's digest a key holds. */
    static final int DIGEST_CHARS = 22;

    public ConversationRef {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(conversationId, "conversationId");
    }

    /** {@code u#<base64url(sha256(principal)), 22 chars>#<conversationId>}: fixed length before the id, no principal in the clear. */
    public String partitionKey() {
        return partitionKey(principal, conversationId);
    }

    public static String partitionKey(String principal, String conversationId) {
        return "u#" + principalDigest(principal) + "#" + conversationId;
    }

    /** {@code base64url(sha256(principal))}, 22 characters: how the table names a caller without naming it (also its usage, ADR 0046). */
    static String principalDigest(String principal) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(principal.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, DIGEST_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public MessageKey message(long index) {
        return new MessageKey(partitionKey(), index);
    }
}
