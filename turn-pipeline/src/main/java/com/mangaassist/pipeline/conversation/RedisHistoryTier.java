package com.mangaassist.pipeline.conversation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangaassist.pipeline.redis.RedisLink;
import com.mangaassist.shared.wire.WireJson;
import com.mangaassist.shared.wire.WireLimits;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * L2: each conversation's recent window in Redis (Valkey) as one hash under
 * {@code mangaassist:conv:<partition key>} — field {@code v} the version, field {@code m:<index>}
 * each message as JSON — with a 5–10 minute jittered TTL so keys written together do not expire
 * together. A change writes only the messages it touched (a Lua script that applies it only on
 * top of exactly the version it follows), never the whole history; the window is bounded by
 * {@link HistoryLimits}, so no value grows with the conversation.
 *
 * <p>Redis is optional at start ({@link RedisLink}): until it is connected every call fails fast
 * (a miss to the loader). Reads wait at most the link's command timeout; writes are asynchronous
 * and never hold a turn.
 */
public final class RedisHistoryTier implements HistoryTier {

    private static final String PREFIX = "mangaassist:conv:";
    private static final String VERSION = "v";
    private static final String MESSAGE = "m:";

    /** KEYS[1] the hash; ARGV: new version, ttl ms, lowest index kept, then index/json pairs. Writes only over an older version. */
    private static final String REPLACE = """
            local current = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
            if current >= tonumber(ARGV[1]) then return 0 end
            redis.call('DEL', KEYS[1])
            for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[1], 'm:' .. ARGV[i], ARGV[i + 1]) end
            redis.call('HSET', KEYS[1], 'v', ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """;
    /** As REPLACE, but only on top of exactly version ARGV[1] (then ARGV shifts by one), dropping messages below the window. */
    private static final String ADVANCE = """
            if redis.call('HGET', KEYS[1], 'v') ~= ARGV[1] then return 0 end
            for i = 5, #ARGV, 2 do redis.call('HSET', KEYS[1], 'm:' .. ARGV[i], ARGV[i + 1]) end
            local keep = tonumber(ARGV[4])
            for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
              if string.sub(field, 1, 2) == 'm:' and tonumber(string.sub(field, 3)) < keep then redis.call('HDEL', KEYS[1], field) end
            end
            redis.call('HSET', KEYS[1], 'v', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """;

    private final RedisLink link;
    private final ObjectMapper json = WireJson.create(WireLimits.defaults()).mapper();
    private final Duration minTtl;
    private final Duration maxTtl;

    /** On a link others share (the assembly's, which closes it). */
    public RedisHistoryTier(RedisLink link, Duration minTtl, Duration maxTtl) {
        this.link = link;
        this.minTtl = minTtl;
        this.maxTtl = maxTtl;
    }

    /** The seeds' L2 on a shared link: 5–10 minute TTL. */
    public static RedisHistoryTier withDefaults(RedisLink link) {
        return new RedisHistoryTier(link, Duration.ofMinutes(5), Duration.ofMinutes(10));
    }

    public boolean connected() {
        return link.connected();
    }

    @Override
    public Optional<CachedHistory> get(String partitionKey) {
        Map<String, String> hash = link.connection("read").sync().hgetall(PREFIX + partitionKey);
        if (hash == null || !hash.containsKey(VERSION)) {
            return Optional.empty();
        }
        try {
            List<StoredMessage> messages = new ArrayList<>();
            for (Map.Entry<String, String> field : hash.entrySet()) {
                if (field.getKey().startsWith(MESSAGE)) {
                    messages.add(json.readValue(field.getValue(), StoredMessage.class));
                }
            }
            messages.sort(Comparator.comparingLong(StoredMessage::index));
            return Optional.of(new CachedHistory(partitionKey, Long.parseLong(hash.get(VERSION)), messages));
        } catch (JsonProcessingException | IllegalArgumentException corrupt) {
            // An unreadable entry (older format, partial write) is a miss; the next put replaces it.
            return Optional.empty();
        }
    }

    @Override
    public CompletionStage<Void> put(CachedHistory history) {
        List<String> args = new ArrayList<>(List.of(Long.toString(history.version()), ttlMillis(), Long.toString(history.firstIndex())));
        addMessages(args, history.messages());
        return run(REPLACE, history.partitionKey(), args);
    }

    @Override
    public CompletionStage<Void> advance(long fromVersion, CachedHistory history, List<StoredMessage> changed) {
        List<String> args = new ArrayList<>(List.of(Long.toString(fromVersion), Long.toString(history.version()), ttlMillis(),
                Long.toString(history.firstIndex())));
        addMessages(args, changed.stream().filter(m -> m.index() >= history.firstIndex()).toList());
        return run(ADVANCE, history.partitionKey(), args);
    }

    private CompletionStage<Void> run(String script, String partitionKey, List<String> args) {
        try {
            return link.connection("write").async().<Long>eval(script, ScriptOutputType.INTEGER, new String[] {PREFIX + partitionKey},
                    args.toArray(String[]::new)).thenApply(applied -> (Void) null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void addMessages(List<String> args, List<StoredMessage> messages) {
        for (StoredMessage message : messages) {
            args.add(Long.toString(message.index()));
            try {
                args.add(json.writeValueAsString(message));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialize message " + message.messageId(), e);
            }
        }
    }

    private String ttlMillis() {
        return Long.toString(ThreadLocalRandom.current().nextLong(minTtl.toMillis(), maxTtl.toMillis() + 1));
    }
}
