package com.mangaassist.shared.contract;

/**
 * The names of the conversation table's keys and index, shared by the conversation store (which
 * owns the layout, turn-pipeline's {@code ConversationTableSchema}) and the CDK app (which creates
 * the table), so the two cannot drift.
 */
public final class ConversationTable {

    public static final String PK = "pk";
    public static final String SK = "sk";
    /** DynamoDB TTL attribute (epoch seconds) on every item. */
    public static final String TTL = "expiresAt";
    /** The sparse index of pending messages by lease end, which recovery queries. */
    public static final String PENDING_INDEX = "pending-by-lease";
    public static final String PENDING_SHARD = "pendingShard";
    /** Epoch milliseconds; the index's sort key. */
    public static final String LEASE_UNTIL = "leaseUntil";

    private ConversationTable() {
    }
}
