package com.mangaassist.orchestrator.admission;

import com.mangaassist.orchestrator.connection.FrameSender;
import com.mangaassist.orchestrator.load.LoadTracker;
import com.mangaassist.orchestrator.metrics.OrchestratorMetrics;
import com.mangaassist.orchestrator.overflow.OverflowPublisher;
import com.mangaassist.orchestrator.turn.TurnExecutor;
import com.mangaassist.pipeline.delivery.ReplyFrames;
import com.mangaassist.pipeline.turn.TurnCommand;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.routing.DegradeHint;
import com.mangaassist.shared.routing.RoutingDecision;
import com.mangaassist.shared.routing.RoutingPolicy;
import com.mangaassist.shared.routing.RoutingReason;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.client.SendMessage;
import com.mangaassist.shared.wire.gateway.GatewayRequest;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens to each {@code sendMessage}: refused by the connection's rate limit, run
 * here, spilled to the overflow queue, or shed with {@code busy} and a retry-after. An accepted
 * message is acknowledged before anything else is sent for it; from then on it ends in
 * {@code done} or {@code error}, whoever runs it. A spill the queue refuses runs here if the local
 * bound allows, else it is shed: never dropped.
 */
public final class TurnAdmission {

    private static final Logger LOG = LoggerFactory.getLogger(TurnAdmission.class);
    /** What a turn refused during drain tells the client: its retry reaches another task. */
    private static final Duration DRAIN_RETRY_AFTER = Duration.ofSeconds(1);

    private final RoutingPolicy policy;
    private final LoadTracker load;
    private final TurnExecutor executor;
    private final OverflowPublisher overflow;
    private final ConnectionRateLimiter rateLimiter;
    private final FrameSender frames;
    private final OrchestratorMetrics metrics;
    private final GpuProbeGate gpuProbes;
    private volatile boolean draining;

    /** @param overflow {@code null} when this task has no overflow queue */
    public TurnAdmission(RoutingPolicy policy, LoadTracker load, TurnExecutor executor, OverflowPublisher overflow,
                         ConnectionRateLimiter rateLimiter, FrameSender frames, OrchestratorMetrics metrics, GpuProbeGate gpuProbes) {
        this.gpuProbes = gpuProbes;
        this.policy = policy;
        this.load = load;
        this.executor = executor;
        this.overflow = overflow;
        this.rateLimiter = rateLimiter;
        this.frames = frames;
        this.metrics = metrics;
    }

    public void admit(GatewayRequest request, SendMessage message) {
        Duration wait = rateLimiter.tryAcquire(request.connectionId());
        if (!wait.isZero()) {
            metrics.rejected(ErrorCode.RATE_LIMITED);
            frames.send(request.connectionId(), ReplyFrames.refusal(message.messageId(), ErrorCode.RATE_LIMITED,
                    "too many messages on this connection; slow down", wait));
            return;
        }
        TurnCommand command = new TurnCommand(request.connectionId(), request.principal(), request.requestId(), message, Route.BASELINE,
                null, null);
        RoutingDecision decision = draining ? drainDecision() : gpuProbes.apply(policy.decide(load.snapshot()), policy.degradeHint());
        if (decision instanceof RoutingDecision.Shed shed) {
            shed(command, shed.reason(), shed.retryAfter());
            return;
        }
        if (!frames.send(request.connectionId(), ReplyFrames.ack(message.messageId()))) {
            return; // the connection is gone: nothing was written, nothing to answer
        }
        if (decision instanceof RoutingDecision.Overflow spill) {
            if (spill(command)) {
                metrics.routed(Route.OVERFLOW, spill.reason());
                return;
            }
            metrics.spillFailed();
            runHereOrShed(command, RoutingReason.OVERFLOW_BACKLOGGED, null);
        } else {
            RoutingDecision.Baseline baseline = (RoutingDecision.Baseline) decision;
            runHereOrShed(command, baseline.reason(), baseline.degrade());
        }
    }

    private RoutingDecision drainDecision() {
        return overflow != null ? new RoutingDecision.Overflow(RoutingReason.TASK_DRAINING)
                : new RoutingDecision.Shed(RoutingReason.TASK_DRAINING, DRAIN_RETRY_AFTER);
    }

    private boolean spill(TurnCommand command) {
        return overflow != null && overflow.publish(command);
    }

    private void runHereOrShed(TurnCommand command, RoutingReason reason, DegradeHint degrade) {
        TurnCommand local = new TurnCommand(command.connectionId(), command.principal(), command.requestId(), command.message(),
                Route.BASELINE, degrade, null);
        if (!draining && executor.submit(local)) {
            metrics.routed(Route.BASELINE, reason);
            return;
        }
        shedAccepted(command, draining ? RoutingReason.TASK_DRAINING : RoutingReason.HARD_LIMIT_REACHED, DRAIN_RETRY_AFTER);
    }

    private void shed(TurnCommand command, RoutingReason reason, Duration retryAfter) {
        metrics.routed(Route.SHED, reason);
        frames.send(command.connectionId(), ReplyFrames.busy(command.messageId(), retryAfter));
    }

    /** Shed after the ack went out: the error that ends the accepted message. */
    private void shedAccepted(TurnCommand command, RoutingReason reason, Duration retryAfter) {
        metrics.routed(Route.SHED, reason);
        LOG.warn("event=turn_shed_after_ack requestId={} messageId={} reason={}", command.requestId(), command.messageId(), reason);
        frames.send(command.connectionId(), ReplyFrames.busyAfterAck(command.messageId(), retryAfter,
                "the assistant is busy; retry in " + retryAfter.toMillis() + " ms"));
    }

    /** From now on turns are spilled (or shed where there is no queue) instead of started here. */
    public void startDraining() {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }
}
