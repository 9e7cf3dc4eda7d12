package com.mangaassist.overflow.batch;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mangaassist.overflow.metrics.OverflowMetrics;
import com.mangaassist.pipeline.conversation.Claim;
import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.MessageKey;
import com.mangaassist.pipeline.turn.MessageAttempts;
import com.mangaassist.pipeline.turn.TurnCommand;
import com.mangaassist.pipeline.turn.TurnOutcome;
import com.mangaassist.pipeline.turn.TurnRunner;
import com.mangaassist.shared.contract.TurnTimings;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.overflow.OverflowMessage;
import com.mangaassist.shared.wire.overflow.OverflowMessageCodec;
import java.time.Clock;
import java.time.Instant;
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
 * <p>Each queue message names a stored message and the attempt it was spilled for (ADR 0019). The
 * processor claims the next attempt only while that one is still current (nobody started it) or
 * its lease ended (the invocation that had it died): a redelivery while the first invocation
 * still runs finds the message held and leaves it, so two invocations never answer one message.
 * The claimed attempt runs with the invocation's remaining time as its bound; a turn that would
 * not finish in time ends its lease and comes back to the queue instead of being cut (recovery
 * on the orchestrator may take it first). A message comes back when it did not run: poison
 * (so after maxReceiveCount it lands in the DLQ), too little time left, or a store that failed.
 * On a FIFO queue a message that comes back takes the rest of its message group in this batch
 * with it, so a group's order survives. A message that ran, ended, or is held by a live attempt
 * is done with.
 */
public final class OverflowBatchProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(OverflowBatchProcessor.class);

    private final TurnRunner pipeline;
    private final MessageAttempts attempts;
    private final OverflowMetrics metrics;
    private final ExecutorService turns;
    private final TurnTimings timings;
    private final Clock clock;
    private final OverflowMessageCodec codec = OverflowMessageCodec.withDefaults();

    public OverflowBatchProcessor(TurnRunner pipeline, MessageAttempts attempts, OverflowMetrics metrics, ExecutorService turns, Clock clock) {
        this.pipeline = pipeline;
        this.attempts = attempts;
        this.metrics = metrics;
        this.turns = turns;
        this.timings = attempts.timings();
        this.clock = clock;
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

    /** True when the message is done with (answered, ended, held elsewhere); false when it must come back. */
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
            if (remaining < timings.minRemainingToStart().toMillis()) {
                metrics.deferred();
                LOG.info("event=turn_deferred remainingMs={}", remaining);
                return false;
            }
            Instant finishBy = clock.instant().plusMillis(remaining);
            MessageKey key = new ConversationRef(message.principal(), message.conversationId()).message(message.index());
            Claim claim = attempts.claimNext(key, message.attempt(), finishBy);
            if (claim instanceof Claim.Claimed claimed) {
                return run(new TurnCommand(claimed.message(), Route.OVERFLOW, null, finishBy, 0, false));
            }
            if (claim instanceof Claim.Held held) {
                metrics.inProgressElsewhere();
                LOG.info("event=held_elsewhere attempt={} leaseUntil={}", held.message().attempt(), held.message().leaseUntil());
            } else if (claim instanceof Claim.Closed) {
                metrics.duplicate();
                LOG.info("event=duplicate_skipped");
            } else {
                LOG.warn("event=message_missing index={}", message.index());
            }
            return true;
        } catch (RuntimeException e) {
            LOG.error("event=message_failed", e);
            return false;
        } finally {
            MDC.clear();
        }
    }

    private boolean run(TurnCommand command) {
        MDC.put("attempt", Integer.toString(command.attempt()));
        TurnOutcome outcome = pipeline.run(command);
        metrics.finished(outcome);
        LOG.info("event=turn_finished outcome={}", outcome.getClass().getSimpleName());
        // Abandoned: its lease ended; back to the queue (a redelivery or recovery starts the next attempt).
        return !(outcome instanceof TurnOutcome.Abandoned);
    }
}
