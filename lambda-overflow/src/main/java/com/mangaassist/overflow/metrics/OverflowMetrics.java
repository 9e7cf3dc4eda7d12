package com.mangaassist.overflow.metrics;

import com.mangaassist.pipeline.conversation.CacheEvent;
import com.mangaassist.shared.wire.events.RetrievalFigures;
import com.mangaassist.pipeline.turn.TurnOutcome;
import com.mangaassist.shared.model.ModelSelection;

/** Every decision the overflow path makes about a message, for CloudWatch (EMF in AWS). */
public interface OverflowMetrics {

    /** Undecodable or of an unknown schema version: reported, reaches the DLQ after maxReceiveCount. */
    void poison();

    /** Left for redelivery: not enough of the invocation's time left to finish a turn. */
    void deferred();

    /** A delivery of a message that already ended (answered or failed): skipped. */
    void duplicate();

    /** A live later attempt holds the message (the first delivery still runs, or the client resent it): left to it. */
    void inProgressElsewhere();

    /** Failed with the rest of its FIFO message group. */
    void groupFailed();

    void finished(TurnOutcome outcome);

    void cache(CacheEvent event);

    /** One turn's retrieval: its outcome (grounded or why not) and how long it took. */
    void retrieval(RetrievalFigures figures);

    /** One turn's stateful-session outcome. */
    void gpuSession(com.mangaassist.pipeline.affinity.SessionOutcome outcome);

    /** One attempt's model tier and why it got it. */
    void modelTier(ModelSelection selection);

    /** Writes what was recorded during this invocation. */
    void flush();
}
