package com.mangaassist.shared.contract;

/**
 * The names of the orders table's keys, shared by the order lookup (turn-pipeline's
 * {@code OrdersTableSchema}, which owns the item layout) and the CDK app (which creates the table).
 * One partition per customer: a lookup is a {@code Query} on the caller's own principal, so the
 * principal filter is the key condition itself, applied by the server, never by the prompt.
 */
public final class OrdersTable {

    /** The customer's principal, as the authorizer established it. */
    public static final String PK = "principal";
    /** {@code <placedAt ISO-8601>#<orderId>}: newest last, so "my last order" is one descending query of one item. */
    public static final String SK = "orderKey";

    private OrdersTable() {
    }
}
