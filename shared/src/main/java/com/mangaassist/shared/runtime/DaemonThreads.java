package com.mangaassist.shared.runtime;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads: a service's pools must never keep its JVM alive after shutdown. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Starts {@code task} on one daemon thread called {@code name}. */
    public static Thread start(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Threads named {@code <prefix>-1}, {@code <prefix>-2}, … */
    public static ThreadFactory named(String prefix) {
        AtomicInteger ids = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + ids.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
