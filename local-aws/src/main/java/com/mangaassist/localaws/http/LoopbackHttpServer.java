package com.mangaassist.localaws.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The JDK's HTTP server on 127.0.0.1 with Nagle's algorithm off. Its default leaves Nagle on, so a
 * streamed response's second small write waits for the client's delayed ACK: 40 ms added to
 * every streamed answer of the local SageMaker runtime, which the platform bench measured as the
 * "direct" call's floor. Every emulator built on the JDK's server starts it here.
 */
public final class LoopbackHttpServer {

    /** Read by the JDK once, when its first HTTP server is created: set before that. */
    private static final String NO_DELAY = "sun.net.httpserver.nodelay";

    private LoopbackHttpServer() {
    }

    public static HttpServer create(int port, int backlog) throws IOException {
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
        return HttpServer.create(new InetSocketAddress("127.0.0.1", port), backlog);
    }
}
