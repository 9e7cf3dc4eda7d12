package com.mangaassist.gpu.startup;

import com.mangaassist.gpu.metrics.EndpointMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs the event, counts it, and exits the JVM from a thread of its own. */
public final class SystemProcessTerminator implements ProcessTerminator {

    private static final Logger LOG = LoggerFactory.getLogger(SystemProcessTerminator.class);

    private final EndpointMetrics metrics;

    public SystemProcessTerminator(EndpointMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void terminate(int exitCode, String event, String detail) {
        metrics.event(event);
        LOG.error("event={} exit_code={} detail=\"{}\"", event, exitCode, detail);
        // System.exit runs shutdown hooks that may wait for the caller's thread: never call it inline.
        Thread exit = new Thread(() -> System.exit(exitCode), "endpoint-exit");
        exit.setDaemon(false);
        exit.start();
    }
}
