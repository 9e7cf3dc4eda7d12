package com.mangaassist.overflow.batch;

import com.mangaassist.overflow.idempotency.IdempotencyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The idempotency contract in memory, with records a test can preset (completed, or held elsewhere). */
final class InMemoryIdempotencyStore implements IdempotencyStore {

    enum State { IN_PROGRESS, COMPLETED }

    final Map<String, State> records = new HashMap<>();

    @Override
    public synchronized Claim claim(String id, Duration holdFor) {
        State state = records.get(id);
        if (state == State.COMPLETED) {
            return new Claim.AlreadyCompleted();
        }
        if (state == State.IN_PROGRESS) {
            return new Claim.InProgressElsewhere();
        }
        records.put(id, State.IN_PROGRESS);
        return new Claim.Claimed();
    }

    @Override
    public synchronized void complete(String id) {
        records.put(id, State.COMPLETED);
    }

    @Override
    public synchronized void release(String id) {
        records.remove(id, State.IN_PROGRESS);
    }
}
