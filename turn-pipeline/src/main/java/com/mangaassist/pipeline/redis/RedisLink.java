package com.mangaassist.pipeline.redis;

import com.mangaassist.shared.runtime.DaemonThreads;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process's connection to Redis (Valkey), shared by everything that uses it (the history
 * tier, the per-principal limits). Redis is optional at start: the client connects in the
 * background, retrying with backoff, and until it is connected {@link #connection} fails fast, so
 * a caller degrades (a cache miss, a local limit) instead of waiting. Once connected, Lettuce
 * reconnects by itself, and while it is reconnecting commands are refused at once rather than
 * queued. Every command waits at most {@code commandTimeout}.
 */
public final class RedisLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);

    private final RedisClient client;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile boolean closed;

    /** Redis/Valkey as the CDK stack runs it (TLS and an auth token in AWS; neither locally). */
    public static RedisURI uri(String host, int port, boolean tls, String authToken) {
        RedisURI.Builder uri = RedisURI.builder().withHost(host).withPort(port).withSsl(tls);
        if (authToken != null && !authToken.isBlank()) {
            uri.withPassword(authToken.toCharArray());
        }
        return uri.build();
    }

    public RedisLink(RedisURI uri, Duration commandTimeout) {
        this.client = RedisClient.create(uri);
        this.client.setDefaultTimeout(commandTimeout);
        // While the link is down a command fails at once (a miss, a local limit) instead of queueing for its whole timeout.
        this.client.setOptions(ClientOptions.builder().disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        DaemonThreads.start("redis-connect", this::connectUntilUp);
    }

    /** Scale-out must not wait for (or fail on) Redis: keep trying in the background until it answers. */
    private void connectUntilUp() {
        long pauseMillis = 100;
        boolean reported = false;
        while (!closed) {
            try {
                connection = client.connect();
                LOG.info("event=redis_connected");
                return;
            } catch (RedisException e) {
                if (!reported) {
                    LOG.warn("event=redis_unreachable detail=\"{}\" retrying=true", e.getMessage());
                    reported = true;
                }
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException interrupted) {
                    return;
                }
                pauseMillis = Math.min(30_000, pauseMillis * 2);
            }
        }
    }

    public boolean connected() {
        return connection != null;
    }

    /** The connection, or an {@link IllegalStateException} naming {@code what} could not be done while it is not up yet. */
    public StatefulRedisConnection<String, String> connection(String what) {
        StatefulRedisConnection<String, String> current = connection;
        if (current == null) {
            throw new IllegalStateException("Redis is not connected yet: no " + what);
        }
        return current;
    }

    @Override
    public void close() {
        closed = true;
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
        client.shutdown();
    }
}
