package com.mangaassist.it.faults;

import com.mangaassist.localaws.process.LoopbackPorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 between a service and one of its dependencies, for faults a process
 * signal cannot make: {@link Mode#STALL} holds every byte in both directions (a dependency that
 * hangs, as a throttled or partitioned DynamoDB does); {@link Mode#CUT_RESPONSES} forwards requests
 * but closes the caller's connection instead of passing the answer back — the call happened, the
 * caller cannot know (an ambiguous SQS publish); {@link Mode#DROP_MATCHING} passes everything but
 * a request whose bytes hold {@link #dropRequestsContaining the marker}, whose connection it closes
 * before the dependency hears it (an {@code @connections} POST of the terminal frame that never
 * lands). The target is set once the dependency is up.
 */
final class FaultProxy implements AutoCloseable {

    enum Mode { PASS, STALL, CUT_RESPONSES, DROP_MATCHING }

    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.PASS;
    private volatile URI target;
    private volatile byte[] dropMarker = new byte[0];
    private final java.util.concurrent.atomic.AtomicInteger dropped = new java.util.concurrent.atomic.AtomicInteger();
    private volatile byte[] watchMarker = new byte[0];
    private final java.util.concurrent.atomic.AtomicInteger watched = new java.util.concurrent.atomic.AtomicInteger();

    private FaultProxy(ServerSocket server) {
        this.server = server;
        Thread acceptor = new Thread(this::accept, "fault-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static FaultProxy start() {
        try {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), LoopbackPorts.free()));
            return new FaultProxy(server);
        } catch (IOException e) {
            throw new IllegalStateException("could not bind the fault proxy", e);
        }
    }

    /** Where callers connect (an endpoint override for the service under test). */
    String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    void forwardTo(URI dependency) {
        this.target = dependency;
    }

    void mode(Mode newMode) {
        this.mode = newMode;
    }

    /** From now, counts the requests whose bytes hold {@code marker} (UTF-8) as they arrive, in any mode. */
    void watch(String marker) {
        this.watchMarker = marker.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** How many requests holding the {@link #watch watched} marker have arrived so far. */
    int watched() {
        return watched.get();
    }

    /** How many requests {@link Mode#DROP_MATCHING} kept from the dependency so far (a marker split across reads is missed). */
    int dropped() {
        return dropped.get();
    }

    /** From now, drops every request holding {@code marker} (UTF-8) and passes the rest, until another mode is set. */
    void dropRequestsContaining(String marker) {
        this.dropMarker = marker.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.mode = Mode.DROP_MATCHING;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket caller = server.accept();
                open.add(caller);
                Socket upstream = new Socket(target.getHost(), target.getPort());
                open.add(upstream);
                pump(caller, upstream, false);
                pump(upstream, caller, true);
            } catch (IOException e) {
                // closed, or the dependency refused: the caller sees its connection end
            }
        }
    }

    private void pump(Socket from, Socket to, boolean isResponse) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (!isResponse && contains(buffer, n, watchMarker)) {
                        watched.incrementAndGet(); // seen arriving, whatever happens to it next (a stall holds it here)
                    }
                    while (mode == Mode.STALL) {
                        Thread.sleep(20);
                    }
                    if (isResponse && mode == Mode.CUT_RESPONSES) {
                        break; // the request reached the dependency; its answer never reaches the caller
                    }
                    if (!isResponse && mode == Mode.DROP_MATCHING && contains(buffer, n, dropMarker)) {
                        dropped.incrementAndGet();
                        break; // the request never reaches the dependency; the caller sees its connection end
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side closed: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "fault-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static boolean contains(byte[] buffer, int length, byte[] marker) {
        outer:
        for (int i = 0; i + marker.length <= length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (buffer[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return marker.length > 0;
        }
        return false;
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        open.forEach(this::closeQuietly);
    }
}
