package com.mangaassist.localaws.sagemaker;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/** One local endpoint instance: where it is, whether its /ping says ready, and its in-flight requests. */
final class RuntimeInstance {

    private final URI base;
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile boolean ready;

    RuntimeInstance(URI base) {
        this.base = base;
    }

    URI base() {
        return base;
    }

    boolean ready() {
        return ready;
    }

    void ready(boolean value) {
        ready = value;
    }

    int outstanding() {
        return outstanding.get();
    }

    void begin() {
        outstanding.incrementAndGet();
    }

    void end() {
        outstanding.decrementAndGet();
    }
}
