package com.mangaassist.pipeline.conversation;

import static com.mangaassist.pipeline.conversation.ConversationTableSchema.PK;
import static com.mangaassist.pipeline.conversation.ConversationTableSchema.SK;
import static com.mangaassist.pipeline.conversation.ConversationTableSchema.TTL;
import static com.mangaassist.pipeline.conversation.MessageItems.n;
import static com.mangaassist.pipeline.conversation.MessageItems.s;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * A caller's token usage in the conversation table (ADR 0046): one partition per caller, {@code q#<the caller's digest>}
 * (the digest its conversations' keys start with, so no principal in the clear and no collision with a conversation), an
 * item per UTC day ({@code d#2026-12-08}) and per UTC month ({@code m#2026-12}), each a counter {@code tokens} that the
 * closing transaction of an answer adds to. Counters outlive their window by {@link #KEPT_AFTER_WINDOW} (TTL), which is
 * what an operator may still read back; history beyond that is in the chat events.
 */
final class UsageItems {

    static final String TOKENS = "tokens";
    static final Duration KEPT_AFTER_WINDOW = Duration.ofDays(35);
    private static final String CONVERSATION_PREFIX = "u#";
    private static final String USAGE_PREFIX = "q#";
    private static final int DIGEST_CHARS = ConversationRef.DIGEST_CHARS;

    private UsageItems() {
    }

    static String partitionKey(String principal) {
        return USAGE_PREFIX + ConversationRef.principalDigest(principal);
    }

    /** The usage partition of the caller whose conversation partition this is ({@code u#<digest>#<conversation id>}). */
    static String fromConversation(String conversationPartitionKey) {
        if (!conversationPartitionKey.startsWith(CONVERSATION_PREFIX) || conversationPartitionKey.length() < CONVERSATION_PREFIX.length() + DIGEST_CHARS) {
            throw new IllegalArgumentException("not a conversation's partition key: " + conversationPartitionKey);
        }
        return USAGE_PREFIX + conversationPartitionKey.substring(CONVERSATION_PREFIX.length(), CONVERSATION_PREFIX.length() + DIGEST_CHARS);
    }

    static String dayKey(UsagePeriods periods) {
        return "d#" + periods.day();
    }

    static String monthKey(UsagePeriods periods) {
        return "m#" + periods.month();
    }

    static Map<String, AttributeValue> key(String partitionKey, String sortKey) {
        return Map.of(PK, s(partitionKey), SK, s(sortKey));
    }

    /** The two counter updates that charge {@code tokens} to the windows of {@code periods}, for the closing transaction. */
    static List<TransactWriteItem> charge(String table, String partitionKey, UsagePeriods periods, long tokens) {
        return List.of(add(table, key(partitionKey, dayKey(periods)), tokens, periods.dayResetsAt()),
                add(table, key(partitionKey, monthKey(periods)), tokens, periods.monthResetsAt()));
    }

    private static TransactWriteItem add(String table, Map<String, AttributeValue> key, long tokens, Instant windowEnds) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key)
                .updateExpression("ADD " + TOKENS + " :tokens SET #ttl = :ttl").expressionAttributeNames(Map.of("#ttl", TTL))
                .expressionAttributeValues(Map.of(":tokens", n(tokens), ":ttl", n(windowEnds.plus(KEPT_AFTER_WINDOW).getEpochSecond())))
                .build()).build();
    }

    /** A counter's tokens; 0 when it does not exist yet. */
    static long tokens(Map<String, AttributeValue> item) {
        return item == null || !item.containsKey(TOKENS) ? 0 : Long.parseLong(item.get(TOKENS).n());
    }
}
