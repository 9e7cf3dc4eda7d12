package com.mangaassist.orchestrator.admission;

import com.mangaassist.orchestrator.connection.FrameReply;
import com.mangaassist.orchestrator.connection.FrameSender;
import com.mangaassist.orchestrator.load.LoadTracker;
import com.mangaassist.orchestrator.metrics.OrchestratorMetrics;
import com.mangaassist.orchestrator.overflow.OverflowPublisher;
import com.mangaassist.orchestrator.turn.TurnExecutor;
import com.mangaassist.pipeline.conversation.AttemptStage;
import com.mangaassist.pipeline.conversation.Claim;
import com.mangaassist.pipeline.conversation.Closing;
import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.pipeline.delivery.ReplyFrames;
import com.mangaassist.pipeline.turn.MessageAttempts;
import com.mangaassist.pipeline.turn.TurnCommand;
import com.mangaassist.pipeline.turn.TurnIntake;
import com.mangaassist.pipeline.usage.TokenQuotas;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.routing.RoutingDecision;
import com.mangaassist.shared.routing.RoutingPolicy;
import com.mangaassist.shared.routing.RoutingReason;
import com.mangaassist.shared.routing.TurnPlacement;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.client.SendMessage;
import com.mangaassist.shared.wire.gateway.GatewayRequest;
import com.mangaassist.shared.wire.server.ErrorFrame;
import com.mangaassist.shared.wire.server.Quota;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens to each {@code sendMessage} (ADR 0019): refused by the connection's or the
 * caller's rate limit (ADR 0035), shed with {@code busy}, or refused {@code quota_exceeded} when the
 * caller's token budget for the day or month is spent (ADR 0046) — nothing stored, no ack, no GPU
 * work on either path — or accepted: stored durably first,
 * then acknowledged, then run here or spilled to the overflow queue. From the ack on, the message
 * ends in exactly one {@code done} or {@code error} of some attempt, whoever runs it. A resend of
 * an accepted message starts a new attempt (or, while it waits on the queue, only moves it to this
 * connection; or, when its attempt started less than a renewal ago, is refused {@code rate_limited}
 * for that long: ADR 0033); a resend of an ended one is refused as {@code duplicate}. A spill the queue refuses
 * runs here (only while nobody else started it); an accepted turn with nowhere to run ends in an
 * explicit {@code busy} error of its attempt: never dropped.
 */
public final class TurnAdmission {

    private static final Logger LOG = LoggerFactory.getLogger(TurnAdmission.class);
    private final RoutingPolicy policy;
    private final LoadTracker load;
    private final TurnExecutor executor;
    private final OverflowPublisher overflow;
    private final TurnIntake intake;
    private final MessageAttempts attempts;
    private final TokenBuckets rateLimiter;
    private final PrincipalLimits principals;
    private final FrameSender frames;
    private final OrchestratorMetrics metrics;
    private final TurnPlacement placement;
    private final TokenQuotas quotas;
    private volatile boolean draining;

    /** @param overflow {@code null} when this task has no overflow queue */
    public TurnAdmission(RoutingPolicy policy, LoadTracker load, TurnExecutor executor, OverflowPublisher overflow, TurnIntake intake,
                         TokenBuckets rateLimiter, PrincipalLimits principals, FrameSender frames,
                         OrchestratorMetrics metrics, TurnPlacement placement, TokenQuotas quotas) {
        this.policy = policy;
        this.load = load;
        this.executor = executor;
        this.overflow = overflow;
        this.intake = intake;
        this.attempts = intake.attempts();
        this.rateLimiter = rateLimiter;
        this.principals = principals;
        this.frames = frames;
        this.metrics = metrics;
        this.placement = placement;
        this.quotas = quotas;
    }

    /** Admits the message; its ack or refusal goes to {@code reply} (the integration response, on the gateway path). */
    public void admit(GatewayRequest request, SendMessage message, FrameReply reply) {
        Duration wait = rateLimiter.tryAcquire(request.connectionId());
        if (!wait.isZero()) {
            refuse(reply, ReplyFrames.refusal(message.messageId(), ErrorCode.RATE_LIMITED, "too many messages on this connection; slow down", wait));
            return;
        }
        wait = principals.tryAcquireMessage(request.principal(), request.connectionId());
        if (!wait.isZero()) {
            refuse(reply, ReplyFrames.refusal(message.messageId(), ErrorCode.RATE_LIMITED, "too many messages from this account; slow down", wait));
            return;
        }
        RoutingDecision decision = placement.place(draining ? drainDecision() : policy.decide(load.snapshot()), policy.degradeHint(),
                executor.hasRoom(), overflow != null);
        if (decision instanceof RoutingDecision.Shed shed) {
            metrics.routed(Route.SHED, shed.reason());
            reply.send(ReplyFrames.busy(message.messageId(), shed.retryAfter()));
            return;
        }
        // Read before the caller's turn slot is taken: a spent budget refuses without touching the slot.
        Quota usage = usage(request.principal());
        if (usage != null && usage.spent()) {
            refuse(reply, ReplyFrames.refusal(message.messageId(), ErrorCode.QUOTA_EXCEEDED, TokenQuotas.refusalText(usage),
                    quotas.retryAfter(usage)));
            return;
        }
        wait = principals.tryStartTurn(request.principal(), message.conversationId(), message.messageId());
        if (!wait.isZero()) {
            // A slot frees when one of the caller's answers ends, usually within seconds: not when the oldest would expire.
            Duration retryAfter = wait.compareTo(policy.shedRetryAfter()) < 0 ? wait : policy.shedRetryAfter();
            refuse(reply, ReplyFrames.refusal(message.messageId(), ErrorCode.RATE_LIMITED,
                    "too many of this account's messages are being answered; send it again when one has finished", retryAfter));
            return;
        }
        boolean spill = decision instanceof RoutingDecision.Overflow;
        TurnIntake.Received received;
        try {
            received = intake.receive(new ConversationRef(request.principal(), message.conversationId()), message, request.connectionId(),
                    request.requestId(), spill ? AttemptStage.QUEUED : AttemptStage.RUNNING);
        } catch (RuntimeException e) {
            // Not durably accepted (or not known to be): the client sends it again, and a resend of a message that did land is taken over.
            LOG.warn("event=acceptance_failed detail=\"{}\"", e.toString());
            principals.turnNotStarted(request.principal(), message.conversationId(), message.messageId());
            refuse(reply, ReplyFrames.busy(message.messageId(), policy.shedRetryAfter()));
            return;
        }
        if (received instanceof TurnIntake.Received.Ended) {
            principals.turnNotStarted(request.principal(), message.conversationId(), message.messageId());
            refuse(reply, ReplyFrames.refusal(message.messageId(), ErrorCode.DUPLICATE,
                    "this message already ended; resume the conversation to see how", null));
            return;
        }
        if (received instanceof TurnIntake.Received.Running running) {
            refuse(reply, ReplyFrames.refusal(message.messageId(), ErrorCode.RATE_LIMITED,
                    "this message is being answered; it is taken over only if it is still unanswered then", running.retryAfter()));
            return;
        }
        if (received instanceof TurnIntake.Received.Reattached reattached) {
            metrics.reattached();
            reply.send(ReplyFrames.ack(message.messageId(), reattached.message().attempt(), reattached.message().questionSeq()));
            return;
        }
        TurnIntake.Received.Started started = (TurnIntake.Received.Started) received;
        StoredMessage accepted = started.message();
        if (started.resent()) {
            metrics.resent();
        }
        // The question is stored: the ack means accepted. A vanished connection changes nothing: the answer is stored for resume.
        reply.send(ReplyFrames.ack(accepted.messageId(), accepted.attempt(), accepted.questionSeq()));
        if (spill) {
            spill(new TurnCommand(accepted, Route.OVERFLOW, null, null, started.version(), true, usage), ((RoutingDecision.Overflow) decision).reason());
        } else {
            RoutingDecision.Baseline baseline = (RoutingDecision.Baseline) decision;
            runHere(new TurnCommand(accepted, Route.BASELINE, baseline.degrade(), null, started.version(), true, usage), baseline.reason());
        }
    }

    /**
     * The caller's token usage, or {@code null} when it cannot be read: the message is then let through (the store it
     * would be read from is the one acceptance needs next, so a real outage refuses it there; a hiccup costs at most one
     * turn's tokens over budget, within the bound ADR 0046 already allows).
     */
    private Quota usage(String principal) {
        try {
            return quotas.current(principal);
        } catch (RuntimeException e) {
            LOG.warn("event=usage_unread detail=\"{}\"", e.toString());
            return null;
        }
    }

    private RoutingDecision drainDecision() {
        return overflow != null ? new RoutingDecision.Overflow(RoutingReason.TASK_DRAINING)
                : new RoutingDecision.Shed(RoutingReason.TASK_DRAINING, policy.shedRetryAfter());
    }

    private void spill(TurnCommand command, RoutingReason reason) {
        if (overflow.publish(command)) {
            metrics.routed(Route.OVERFLOW, reason);
            return;
        }
        metrics.spillFailed();
        // SQS may hold it anyway (the call failed after it landed): take the next attempt only while the spilled one is current.
        Claim claim;
        try {
            claim = attempts.claimNext(command.key(), command.attempt(), null);
        } catch (RuntimeException e) {
            // Acknowledged, not on the queue, and no attempt can be taken here: hand it to recovery the moment the store answers.
            LOG.warn("event=spill_fallback_failed requestId={} messageId={} detail=\"{}\"", command.requestId(), command.messageId(), e.toString());
            ReleaseRetry.schedule(attempts, command.key(), command.attempt(), attempts.timings().queuedLease());
            return;
        }
        if (claim instanceof Claim.Claimed claimed) {
            runHere(new TurnCommand(claimed.message(), Route.BASELINE, null, null, command.version(), false), RoutingReason.OVERFLOW_BACKLOGGED);
        } else {
            LOG.info("event=spill_fallback_skipped messageId={} claim={}", command.messageId(), claim.getClass().getSimpleName());
        }
    }

    private void runHere(TurnCommand command, RoutingReason reason) {
        if (!draining && executor.submit(command)) {
            metrics.routed(Route.BASELINE, reason);
            return;
        }
        if (overflow != null && overflow.publish(command.on(Route.OVERFLOW, null))) {
            metrics.routed(Route.OVERFLOW, draining ? RoutingReason.TASK_DRAINING : RoutingReason.HARD_LIMIT_REACHED);
            return;
        }
        endBusy(command, draining ? RoutingReason.TASK_DRAINING : RoutingReason.HARD_LIMIT_REACHED);
    }

    /** Accepted, and nowhere to run: the attempt's explicit error ends the message. */
    private void endBusy(TurnCommand command, RoutingReason reason) {
        metrics.routed(Route.SHED, reason);
        LOG.warn("event=turn_shed_after_ack requestId={} messageId={} reason={}", command.requestId(), command.messageId(), reason);
        Duration retryAfter = policy.shedRetryAfter();
        try {
            if (attempts.fail(command.message(), ErrorCode.BUSY, ReplyFrames.busyText(retryAfter)) instanceof Closing.Closed) {
                principals.turnNotStarted(command.message().principal(), command.message().conversationId(), command.messageId());
                frames.send(command.connectionId(), ReplyFrames.busyAfterAck(command.messageId(), command.attempt(), retryAfter));
            }
        } catch (RuntimeException e) {
            // The store is down too: the message stays pending and recovery answers it once its lease ends.
            LOG.warn("event=shed_not_stored messageId={} detail=\"{}\"", command.messageId(), e.toString());
        }
    }

    private void refuse(FrameReply reply, ErrorFrame refusal) {
        metrics.rejected(refusal.code());
        reply.send(refusal);
    }

    /** From now on turns are spilled (or shed where there is no queue) instead of started here. */
    public void startDraining() {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }
}
