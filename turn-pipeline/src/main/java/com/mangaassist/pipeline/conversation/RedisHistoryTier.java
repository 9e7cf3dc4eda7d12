package com.mangaassist.pipeline.conversation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangaassist.shared.wire.WireJson;
import com.mangaassist.shared.wire.WireLimits;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * L2: conversation histories in Redis (Valkey) as JSON under {@code mangaassist:conv:<id>}, with a
 * 5–10 minute jittered TTL so keys written together do not expire together. Commands time out
 * after {@code commandTimeout}; callers treat any failure as a miss.
 */
public final class RedisHistoryTier implements HistoryTier, AutoCloseable {

    private static final String PREFIX = "mangaassist:conv:";

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> commands;
    private final ObjectMapper json = WireJson.create(WireLimits.defaults()).mapper();
    private final Duration minTtl;
    private final Duration maxTtl;

    public RedisHistoryTier(RedisURI uri, Duration commandTimeout, Duration minTtl, Duration maxTtl) {
        this.client = RedisClient.create(uri);
        this.client.setDefaultTimeout(commandTimeout);
        this.connection = client.connect();
        this.commands = connection.sync();
        this.minTtl = minTtl;
        this.maxTtl = maxTtl;
    }

    /** The seeds' L2: 5–10 minute TTL, 50 ms command timeout. */
    public static RedisHistoryTier withDefaults(RedisURI uri) {
        return new RedisHistoryTier(uri, Duration.ofMillis(50), Duration.ofMinutes(5), Duration.ofMinutes(10));
    }

    @Override
    public Optional<CachedHistory> get(String conversationId) {
        String value = commands.get(PREFIX + conversationId);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(value, CachedHistory.class));
        } catch (JsonProcessingException | IllegalArgumentException corrupt) {
            // An unreadable entry (older format, partial write) is a miss; the next put replaces it.
            return Optional.empty();
        }
    }

    @Override
    public void put(CachedHistory history) {
        long ttlMillis = ThreadLocalRandom.current().nextLong(minTtl.toMillis(), maxTtl.toMillis() + 1);
        try {
            commands.set(PREFIX + history.conversationId(), json.writeValueAsString(history), SetArgs.Builder.px(ttlMillis));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize history of " + history.conversationId(), e);
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
