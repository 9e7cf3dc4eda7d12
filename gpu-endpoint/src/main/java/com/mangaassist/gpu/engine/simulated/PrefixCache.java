package com.mangaassist.gpu.engine.simulated;

import com.mangaassist.gpu.engine.ChatMessage;
import com.mangaassist.gpu.engine.PrefixCacheStats;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model of vLLM's automatic prefix caching, named as a model: no KV tensor exists here. vLLM
 * hashes each full 16-token block of a prompt together with everything before it, keeps the blocks
 * of finished sequences while memory allows (least recently used go first), and skips the prefill
 * of the longest run of leading blocks it still holds. This model does the same at message
 * granularity: the key of message {@code i} is a hash of messages {@code 0..i}, its size the whole
 * blocks those messages fill, and a hit skips the prefill of the longest cached chain of leading
 * messages. What it leaves out: a hit inside a message (vLLM can match part of one), and
 * per-token costs of hashing. Token counts per message are the prompt's count shared out by
 * characters (the front sends the total).
 *
 * <p>Its capacity is the engine's KV pool: cached blocks are the free blocks vLLM has not reused
 * yet, so at most the whole pool; entries past it are evicted eldest-first.
 */
final class PrefixCache {

    private final int blockSize;
    private final long capacityBlocks;
    /** Access order: the eldest entry is the least recently used. Value: blocks the chain up to this message fills. */
    private final LinkedHashMap<String, Long> chains = new LinkedHashMap<>(1024, 0.75f, true);
    private long cachedBlocks;
    private long queriedTokens;
    private long hitTokens;

    PrefixCache(int blockSize, long capacityBlocks) {
        this.blockSize = blockSize;
        this.capacityBlocks = capacityBlocks;
    }

    /**
     * Looks the prompt up and remembers it: returns how many of its {@code promptTokens} need no
     * prefill. The last message (the new question) is never a hit: nothing has seen it yet.
     */
    synchronized int lookUpAndInsert(List<ChatMessage> messages, int promptTokens) {
        List<String> keys = chainKeys(messages);
        long[] tokensThrough = tokensThrough(messages, promptTokens);
        int hitThrough = -1;
        for (int i = 0; i < keys.size() - 1; i++) {
            if (chains.get(keys.get(i)) == null) {
                break;
            }
            hitThrough = i;
        }
        // Whole blocks only: vLLM caches a block once it is full.
        int hit = hitThrough < 0 ? 0 : (int) (tokensThrough[hitThrough] / blockSize * blockSize);
        queriedTokens += promptTokens;
        hitTokens += hit;
        for (int i = 0; i < keys.size(); i++) {
            long blocks = tokensThrough[i] / blockSize;
            Long previous = chains.put(keys.get(i), blocks);
            cachedBlocks += blocks - (previous == null ? 0 : previous);
        }
        evict();
        return hit;
    }

    synchronized PrefixCacheStats stats() {
        return new PrefixCacheStats(queriedTokens, hitTokens);
    }

    /** What a KV reset does to it: nothing stays cached. */
    synchronized void clear() {
        chains.clear();
        cachedBlocks = 0;
    }

    private void evict() {
        Iterator<Map.Entry<String, Long>> eldest = chains.entrySet().iterator();
        while (cachedBlocks > capacityBlocks && eldest.hasNext()) {
            cachedBlocks -= eldest.next().getValue();
            eldest.remove();
        }
    }

    /** Prompt tokens through each message, the total shared out by characters. */
    private static long[] tokensThrough(List<ChatMessage> messages, int promptTokens) {
        long totalChars = 0;
        for (ChatMessage m : messages) {
            totalChars += m.content().length() + 1;
        }
        long[] through = new long[messages.size()];
        long chars = 0;
        for (int i = 0; i < messages.size(); i++) {
            chars += messages.get(i).content().length() + 1;
            through[i] = totalChars == 0 ? 0 : promptTokens * chars / totalChars;
        }
        return through;
    }

    private static List<String> chainKeys(List<ChatMessage> messages) {
        List<String> keys = new ArrayList<>(messages.size());
        MessageDigest digest = sha256();
        for (ChatMessage message : messages) {
            digest.update(message.role().name().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(message.content().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            // A digest of the chain so far, without ending it: the next message extends the same chain.
            keys.add(java.util.HexFormat.of().formatHex(clone(digest).digest()));
        }
        return keys;
    }

    private static MessageDigest clone(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests are cloneable in every JDK", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
