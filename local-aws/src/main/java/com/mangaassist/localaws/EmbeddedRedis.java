package com.mangaassist.localaws;

import com.mangaassist.localaws.process.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import redis.embedded.RedisServer;

/**
 * A real redis-server (bundled with the embedded-redis artifact) as a child process on 127.0.0.1 and
 * a free port. {@link #stop()} and {@link #restart()} let tests take the L2 cache away mid-test.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private final int port;
    private RedisServer server;

    private EmbeddedRedis(int port) {
        this.port = port;
    }

    public static EmbeddedRedis start() {
        EmbeddedRedis redis = new EmbeddedRedis(LoopbackPorts.free());
        redis.restart();
        return redis;
    }

    /** On a chosen port (a test that starts Redis after its client, on the address the client already has). */
    public static EmbeddedRedis startOn(int port) {
        EmbeddedRedis redis = new EmbeddedRedis(port);
        redis.restart();
        return redis;
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public synchronized void stop() {
        if (server != null) {
            try {
                server.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = null;
        }
    }

    public synchronized void restart() {
        stop();
        try {
            server = RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("save \"\"").setting("appendonly no").build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    @Override
    public void close() {
        stop();
    }
}
