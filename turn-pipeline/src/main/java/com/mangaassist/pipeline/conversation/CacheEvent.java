package com.mangaassist.pipeline.conversation;

/** What a history load did at each tier: the metric names the platform publishes. */
public enum CacheEvent {
    L1_HIT,
    /** L1 had nothing, or an older version that still had to be extended. */
    L1_MISS,
    L2_HIT,
    L2_MISS,
    /** Redis failed or timed out; the load went on to DynamoDB. */
    L2_ERROR,
    DB_READ
}
