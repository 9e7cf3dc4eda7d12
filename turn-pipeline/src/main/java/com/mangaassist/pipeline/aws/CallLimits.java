package com.mangaassist.pipeline.aws;

import java.time.Duration;

/**
 * How long one attempt at each AWS service may stay silent, and how many attempts a call makes:
 * the one place these are set for both compute paths (ADR 0014). A stalled service fails a call
 * within attempts × attempt timeout, seconds and never minutes, because a client is waiting.
 */
public enum CallLimits {
    /** Answers in milliseconds: an attempt stuck for seconds (a dead pooled connection) is retried, not waited out. */
    DYNAMODB(Duration.ofSeconds(2), 3),
    /** A slow SQS must not hold admission: a spill that takes longer than two attempts runs on the task instead (ADR 0019). */
    SQS(Duration.ofSeconds(2), 2),
    KINESIS(Duration.ofSeconds(3), 3),
    /**
     * API Gateway's {@code @connections}: a post that cannot land in 3 s is retried; four attempts, the SDK's own default for
     * this service, which a throttled post (429) needs more than the others (the delivery actor then gives up, ADR 0009).
     */
    CONNECTIONS(Duration.ofSeconds(3), 4),
    /** Read at start only (the origin proof, the Redis token before a SnapStart snapshot): a start that cannot read it fails in seconds. */
    SECRETS_MANAGER(Duration.ofSeconds(2), 2);

    private final Duration attemptTimeout;
    private final int attempts;

    CallLimits(Duration attemptTimeout, int attempts) {
        this.attemptTimeout = attemptTimeout;
        this.attempts = attempts;
    }

    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    public int attempts() {
        return attempts;
    }
}
