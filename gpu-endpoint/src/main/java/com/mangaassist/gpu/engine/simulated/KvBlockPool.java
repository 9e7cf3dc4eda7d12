package com.mangaassist.gpu.engine.simulated;

/**
 * The GPU's KV-cache blocks. Allocation fails, as vLLM's block manager does, when no free blocks
 * are left; the engine turns that into the OOM signal.
 */
final class KvBlockPool {

    private final long total;
    private long used;

    KvBlockPool(long total) {
        this.total = total;
    }

    synchronized boolean tryAllocate(long blocks) {
        if (used + blocks > total) {
            return false;
        }
        used += blocks;
        return true;
    }

    synchronized void free(long blocks) {
        used = Math.max(0, used - blocks);
    }

    synchronized void clear() {
        used = 0;
    }

    synchronized long used() {
        return used;
    }

    long total() {
        return total;
    }

    synchronized double usage() {
        return total == 0 ? 1.0 : (double) used / total;
    }
}
