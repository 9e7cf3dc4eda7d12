package com.mangaassist.overflow.batch;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mangaassist.overflow.idempotency.IdempotencyStore;
import com.mangaassist.overflow.metrics.OverflowMetrics;
import com.mangaassist.pipeline.turn.TurnCommand;
import com.mangaassist.pipeline.turn.TurnOutcome;
import com.mangaassist.pipeline.turn.TurnRunner;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.client.SendMessage;
import com.mangaassist.shared.wire.overflow.OverflowMessage;
import com.mangaassist.shared.wire.overflow.OverflowMessageCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one SQS batch and reports exactly the messages that must come back (Lambda's partial batch
 * response; modelled on Powertools' SqsBatchMessageHandler, whose module does not resolve here).
 *
 * <p>Messages of different conversations run in parallel, each turn on its own thread. A message
 * comes back to the queue when it did not run: it is poison (reported, so after maxReceiveCount
 * it lands in the DLQ instead of failing the batch or retrying forever), the invocation has too
 * little time left to finish a turn, another invocation holds it, or the turn could not start.
 * On a FIFO queue a message that comes back takes the rest of its message group in this batch
 * with it, so a group's order survives. A turn that ran — answered, refused with an error frame,
 * expired, or cut short by a vanished connection — is done: it never comes back, because the
 * client already has its ending.
 */
public final class OverflowBatchProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(OverflowBatchProcessor.class);

    private final TurnRunner pipeline;
    private final IdempotencyStore idempotency;
    private final OverflowMetrics metrics;
    private final ExecutorService turns;
    private final Duration minRemaining;
    private final OverflowMessageCodec codec = OverflowMessageCodec.withDefaults();

    /** @param minRemaining a turn is started only with at least this much invocation time left */
    public OverflowBatchProcessor(TurnRunner pipeline, IdempotencyStore idempotency, OverflowMetrics metrics, ExecutorService turns,
                                  Duration minRemaining) {
        this.pipeline = pipeline;
        this.idempotency = idempotency;
        this.metrics = metrics;
        this.turns = turns;
        this.minRemaining = minRemaining;
    }

    public SQSBatchResponse process(SQSEvent event, LongSupplier remainingMillis) {
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> groups = new ArrayList<>();
        for (List<SQSEvent.SQSMessage> group : groups(records).values()) {
            groups.add(CompletableFuture.runAsync(() -> runGroup(group, remainingMillis, failed), turns));
        }
        CompletableFuture.allOf(groups.toArray(CompletableFuture[]::new)).join();
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage record : records) {
            if (failed.contains(record.getMessageId())) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(record.getMessageId()).build());
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /** FIFO: one group per MessageGroupId, in batch order. Standard: every message is its own group. */
    private static Map<String, List<SQSEvent.SQSMessage>> groups(List<SQSEvent.SQSMessage> records) {
        Map<String, List<SQSEvent.SQSMessage>> groups = new LinkedHashMap<>();
        for (SQSEvent.SQSMessage record : records) {
            boolean fifo = record.getEventSourceArn() != null && record.getEventSourceArn().endsWith(".fifo");
            String group = fifo && record.getAttributes() != null ? record.getAttributes().get("MessageGroupId") : null;
            groups.computeIfAbsent(group != null ? "group:" + group : "message:" + record.getMessageId(), k -> new ArrayList<>()).add(record);
        }
        return groups;
    }

    private void runGroup(List<SQSEvent.SQSMessage> group, LongSupplier remainingMillis, ConcurrentLinkedQueue<String> failed) {
        boolean groupFailed = false;
        for (SQSEvent.SQSMessage record : group) {
            if (groupFailed) {
                metrics.groupFailed();
                failed.add(record.getMessageId());
            } else if (!handle(record, remainingMillis)) {
                failed.add(record.getMessageId());
                groupFailed = true;
            }
        }
    }

    /** True when the message is done with (answered, refused, skipped); false when it must come back. */
    private boolean handle(SQSEvent.SQSMessage record, LongSupplier remainingMillis) {
        MDC.put("sqsMessageId", record.getMessageId());
        try {
            Decoded<OverflowMessage> decoded = codec.decode(record.getBody() == null ? "" : record.getBody());
            if (!decoded.isOk()) {
                metrics.poison();
                LOG.error("event=poison_message code={} detail=\"{}\"", decoded.error().code().wireName(), decoded.error().message());
                return false;
            }
            OverflowMessage message = decoded.value();
            MDC.put("requestId", message.requestId());
            MDC.put("conversationId", message.conversationId());
            MDC.put("messageId", message.messageId());
            long remaining = remainingMillis.getAsLong();
            if (remaining < minRemaining.toMillis()) {
                metrics.deferred();
                LOG.info("event=turn_deferred remainingMs={}", remaining);
                return false;
            }
            String key = message.conversationId() + "#" + message.messageId();
            IdempotencyStore.Claim claim = idempotency.claim(key, Duration.ofMillis(remaining));
            if (claim instanceof IdempotencyStore.Claim.AlreadyCompleted) {
                metrics.duplicate();
                LOG.info("event=duplicate_skipped");
                return true;
            }
            if (claim instanceof IdempotencyStore.Claim.InProgressElsewhere) {
                metrics.inProgressElsewhere();
                return false;
            }
            return run(message, key);
        } catch (RuntimeException e) {
            LOG.error("event=message_failed", e);
            return false;
        } finally {
            MDC.clear();
        }
    }

    private boolean run(OverflowMessage message, String key) {
        TurnCommand command = new TurnCommand(message.connectionId(), message.principal(), message.requestId(),
                new SendMessage(message.conversationId(), message.messageId(), message.text(), message.locale()), Route.OVERFLOW,
                null, message.deadline());
        TurnOutcome outcome;
        try {
            outcome = pipeline.run(command);
        } catch (RuntimeException e) {
            idempotency.release(key);
            throw e;
        }
        idempotency.complete(key);
        metrics.finished(outcome);
        LOG.info("event=turn_finished outcome={}", outcome.getClass().getSimpleName());
        return true;
    }
}
