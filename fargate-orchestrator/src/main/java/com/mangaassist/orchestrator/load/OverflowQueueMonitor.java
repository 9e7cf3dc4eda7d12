package com.mangaassist.orchestrator.load;

import com.mangaassist.shared.runtime.DaemonThreads;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Polls the overflow queue's depth. SQS does not report the age of its oldest message through the
 * queue API (only as a CloudWatch metric, minutes late), so the age is bounded from what is seen
 * here. No visible message can be older than the last poll that found the queue empty; and when,
 * between two polls, at least as many messages left the queue as were visible at the first one,
 * those have all been taken (the queue hands out its oldest first, near enough), so none left is
 * older than that first poll. "Left" is counted from the depths and this task's own publishes;
 * other tasks' publishes only make it an undercount, so the bound stays an upper bound, erring
 * towards "backlogged", which stops spilling early rather than late.
 *
 * <p>The second rule matters under sustained spilling: a queue that a fast consumer drains every
 * few hundred milliseconds is almost never seen empty at the instant of a poll, and the first rule
 * alone would report it ten seconds old while every message in it waited a fraction of a second.
 */
public final class OverflowQueueMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OverflowQueueMonitor.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final LongSupplier nanoClock;
    private final AtomicLong published = new AtomicLong();
    private volatile long depth;
    private volatile long nonEmptySince = -1;
    private long lastPollAt = -1;
    private long publishedAtLastPoll;
    private final ScheduledExecutorService poller;

    public OverflowQueueMonitor(SqsClient sqs, String queueUrl, Duration interval, LongSupplier nanoClock) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.nanoClock = nanoClock;
        this.poller = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("overflow-queue-monitor"));
        poller.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void poll() {
        try {
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes();
            record(Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")));
        } catch (RuntimeException e) {
            LOG.warn("event=overflow_queue_unreadable detail=\"{}\"", e.toString());
        }
    }

    /** This task put one more message on the queue. */
    public void notePublished() {
        published.incrementAndGet();
    }

    synchronized void record(long visible) {
        long now = nanoClock.getAsLong();
        long publishedNow = published.get();
        long left = depth + (publishedNow - publishedAtLastPoll) - visible;
        if (visible == 0) {
            nonEmptySince = -1;
        } else if (nonEmptySince < 0) {
            // Empty (or never polled) last time: whatever is visible now arrived since that poll.
            nonEmptySince = lastPollAt < 0 ? now : lastPollAt;
        } else if (depth > 0 && left >= depth) {
            nonEmptySince = lastPollAt;
        }
        depth = visible;
        lastPollAt = now;
        publishedAtLastPoll = publishedNow;
    }

    public long depth() {
        return depth;
    }

    public Duration oldestAgeBound() {
        long since = nonEmptySince;
        return since < 0 ? Duration.ZERO : Duration.ofNanos(nanoClock.getAsLong() - since);
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
