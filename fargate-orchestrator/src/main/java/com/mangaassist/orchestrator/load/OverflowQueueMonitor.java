package com.mangaassist.orchestrator.load;

import com.mangaassist.shared.runtime.DaemonThreads;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Polls the overflow queue's depth. SQS does not report the age of its oldest message through the
 * queue API (only as a CloudWatch metric, minutes late), so the age is bounded from what is seen
 * here: the queue has been non-empty continuously since the last poll that found it empty, so no
 * message in it can be older than that. An upper bound errs towards "backlogged", which stops
 * spilling early rather than late.
 */
public final class OverflowQueueMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OverflowQueueMonitor.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final LongSupplier nanoClock;
    private volatile long depth;
    private volatile long nonEmptySince = -1;
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

    void record(long visible) {
        depth = visible;
        if (visible == 0) {
            nonEmptySince = -1;
        } else if (nonEmptySince < 0) {
            nonEmptySince = nanoClock.getAsLong();
        }
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
