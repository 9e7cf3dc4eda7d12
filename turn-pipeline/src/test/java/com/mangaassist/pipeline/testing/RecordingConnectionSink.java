package com.mangaassist.pipeline.testing;

import com.mangaassist.pipeline.delivery.ConnectionGoneException;
import com.mangaassist.pipeline.delivery.ConnectionSink;
import com.mangaassist.shared.wire.server.ServerFrame;
import com.mangaassist.shared.wire.server.ServerFrameCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiPredicate;

/**
 * Connections as the management API presents them, in memory: records every frame posted per
 * connection, answers "gone" (410) for connections marked gone, and can make a connection vanish
 * once a chosen frame arrives.
 */
public final class RecordingConnectionSink implements ConnectionSink {

    private static final ServerFrameCodec FRAMES = ServerFrameCodec.withDefaults();

    private final Map<String, List<String>> posted = new ConcurrentHashMap<>();
    private final Set<String> gone = ConcurrentHashMap.newKeySet();
    private volatile BiPredicate<String, String> goneAfter = (connection, body) -> false;

    @Override
    public void send(String connectionId, byte[] frame) throws ConnectionGoneException {
        if (gone.contains(connectionId)) {
            throw new ConnectionGoneException(connectionId);
        }
        String body = new String(frame, StandardCharsets.UTF_8);
        posted.computeIfAbsent(connectionId, id -> new CopyOnWriteArrayList<>()).add(body);
        if (goneAfter.test(connectionId, body)) {
            gone.add(connectionId);
        }
    }

    /** The connection answers 410 from now on. */
    public void markGone(String connectionId) {
        gone.add(connectionId);
    }

    /** The connection vanishes right after the first frame {@code trigger} accepts has been delivered. */
    public void goneAfter(BiPredicate<String, String> trigger) {
        goneAfter = trigger;
    }

    public List<String> bodiesFor(String connectionId) {
        return List.copyOf(posted.getOrDefault(connectionId, List.of()));
    }

    public List<ServerFrame> framesFor(String connectionId) {
        List<ServerFrame> frames = new ArrayList<>();
        for (String body : bodiesFor(connectionId)) {
            frames.add(FRAMES.decode(body).value());
        }
        return frames;
    }

    public void clear() {
        posted.clear();
        gone.clear();
        goneAfter = (connection, body) -> false;
    }
}
