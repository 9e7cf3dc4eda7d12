package com.mangaassist.pipeline.events;

import com.mangaassist.shared.runtime.DaemonThreads;
import com.mangaassist.shared.wire.events.ChatEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends chat events off the chat path: {@link #publish} never blocks (a full buffer drops the event
 * and counts it), one background thread batches up to {@code maxBatch} events or whatever arrived
 * within {@code linger}, and events a batch failed to write are retried once before being counted
 * as dropped. Analytics may lose events under pressure; a chat turn never waits for analytics.
 */
public final class ChatEventPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChatEventPublisher.class);

    private final ChatEventSink sink;
    /** Chat events, and {@link #WAKE_UP} markers a flush puts in to end the worker's linger. */
    private final BlockingQueue<Object> buffer;
    private static final Object WAKE_UP = new Object();
    private final int maxBatch;
    private final Duration linger;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** Events accepted and not yet written or dropped: what {@link #flush} waits for. */
    private final java.util.concurrent.atomic.AtomicInteger unsent = new java.util.concurrent.atomic.AtomicInteger();
    private final Object flushed = new Object();
    private final Thread worker;
    private volatile boolean running = true;
    /**
     * Set while a {@link #flush} waits: the worker sends what it holds at once instead of
     * lingering for more (a Lambda must not spend its billed time waiting for company).
     */
    private volatile boolean flushing;


    public ChatEventPublisher(ChatEventSink sink, int capacity, int maxBatch, Duration linger) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.buffer = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.linger = linger;
        this.worker = DaemonThreads.start("chat-event-publisher", this::run);
    }

    /** Kinesis PutRecords takes up to 500 records; 10,000 buffered events bound memory to a few MB. */
    public static ChatEventPublisher withDefaults(ChatEventSink sink) {
        return new ChatEventPublisher(sink, 10_000, 500, Duration.ofMillis(200));
    }

    /** Queues the event; false (and counted) when the buffer is full or the publisher closed. */
    public boolean publish(ChatEvent event) {
        unsent.incrementAndGet();
        if (running && buffer.offer(event)) {
            return true;
        }
        unsent.decrementAndGet();
        dropped.incrementAndGet();
        return false;
    }

    public long published() {
        return published.get();
    }

    public long dropped() {
        return dropped.get();
    }

    private void run() {
        List<ChatEvent> batch = new ArrayList<>(maxBatch);
        while (running || !buffer.isEmpty()) {
            try {
                Object first = buffer.poll(linger.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null || first == WAKE_UP) {
                    continue;
                }
                batch.add((ChatEvent) first);
                long deadline = System.nanoTime() + linger.toNanos();
                while (batch.size() < maxBatch) {
                    long left = flushing ? 0 : deadline - System.nanoTime();
                    Object next = left <= 0 ? buffer.poll() : buffer.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null || next == WAKE_UP) {
                        break;
                    }
                    batch.add((ChatEvent) next);
                }
                send(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
    }

    private void send(List<ChatEvent> batch) {
        List<ChatEvent> failed = attempt(batch);
        if (!failed.isEmpty()) {
            failed = attempt(failed);
        }
        published.addAndGet(batch.size() - failed.size());
        if (!failed.isEmpty()) {
            dropped.addAndGet(failed.size());
            LOG.warn("event=chat_events_dropped count={} total_dropped={}", failed.size(), dropped.get());
        }
        unsent.addAndGet(-batch.size());
        synchronized (flushed) {
            flushed.notifyAll();
        }
    }

    /**
     * Waits until every event published so far was written (or dropped), for at most
     * {@code timeout}: a Lambda calls it before returning, since its environment may be frozen
     * right after and a frozen buffer is lost with the environment. True when nothing is left.
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        flushing = true;
        // A worker parked in its linger wait sees the flag only when it wakes: wake it now (a full buffer needs no waking).
        buffer.offer(WAKE_UP);
        try {
            return awaitFlushed(deadline);
        } finally {
            flushing = false;
        }
    }

    private boolean awaitFlushed(long deadline) {
        synchronized (flushed) {
            while (unsent.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    flushed.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    private List<ChatEvent> attempt(List<ChatEvent> events) {
        try {
            return sink.write(List.copyOf(events));
        } catch (Exception e) {
            return List.copyOf(events);
        }
    }

    /** Stops taking events and flushes what is buffered, waiting up to {@code timeout}. */
    public void close(Duration timeout) {
        running = false;
        flushing = true;
        buffer.offer(WAKE_UP);
        try {
            worker.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Object> left = new ArrayList<>();
        buffer.drainTo(left);
        int abandoned = (int) left.stream().filter(item -> item != WAKE_UP).count();
        if (abandoned > 0) {
            dropped.addAndGet(abandoned);
            unsent.addAndGet(-abandoned);
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
