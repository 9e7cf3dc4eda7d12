package com.mangaassist.gpu.lifecycle;

import java.util.List;

/**
 * What {@code /ping} says: 200 only when {@code ready}; otherwise 503 with the state, warmup
 * progress and the reasons traffic is refused.
 */
public record PingStatus(boolean ready, LifecycleState state, int warmupCompleted, int warmupTotal, List<String> reasons) {

    public PingStatus {
        reasons = List.copyOf(reasons);
    }
}
