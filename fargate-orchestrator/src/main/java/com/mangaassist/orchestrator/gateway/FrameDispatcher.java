package com.mangaassist.orchestrator.gateway;

import com.mangaassist.orchestrator.admission.PrincipalLimits;
import com.mangaassist.orchestrator.admission.TokenBuckets;
import com.mangaassist.orchestrator.admission.TurnAdmission;
import com.mangaassist.orchestrator.connection.FrameReply;
import com.mangaassist.orchestrator.connection.FrameSender;
import com.mangaassist.orchestrator.metrics.OrchestratorMetrics;
import com.mangaassist.pipeline.delivery.ReplyFrames;
import com.mangaassist.pipeline.feedback.AnswerFeedback;
import com.mangaassist.pipeline.turn.ConversationResume;
import com.mangaassist.pipeline.usage.TokenQuotas;
import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.client.ClientFrame;
import com.mangaassist.shared.wire.client.ClientFrameCodec;
import com.mangaassist.shared.wire.client.Feedback;
import com.mangaassist.shared.wire.client.Ping;
import com.mangaassist.shared.wire.client.Resume;
import com.mangaassist.shared.wire.client.SendMessage;
import com.mangaassist.shared.wire.client.UsageRequest;
import com.mangaassist.shared.wire.gateway.GatewayRequest;
import com.mangaassist.shared.wire.server.ErrorFrame;
import com.mangaassist.shared.wire.server.ServerFrame;
import com.mangaassist.shared.wire.server.UsageReport;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Handles one {@code $default} frame after the integration call was answered: decode it strictly,
 * then send a message to admission, answer a resume from the store, store a feedback on the
 * caller's answer (ADR 0045), report the caller's token usage (ADR 0046), or answer a ping. Every
 * frame that cannot be accepted gets an {@code error} frame with its code and writes nothing. A
 * feedback is one conditional write and a usage report one read, so each connection's are held to
 * the message rate on a bucket of their own: a flood of clicks is refused {@code rate_limited},
 * and neither ever costs the user a message.
 */
public final class FrameDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(FrameDispatcher.class);

    private final ClientFrameCodec codec;
    private final TurnAdmission admission;
    private final ConversationResume resume;
    private final AnswerFeedback feedback;
    private final TokenQuotas quotas;
    private final PrincipalLimits principals;
    private final TokenBuckets rateLimiter;
    private final TokenBuckets feedbackRate;
    private final FrameSender frames;
    private final OrchestratorMetrics metrics;

    /**
     * @param rateLimiter  each connection's message bucket (admission draws on it; forgotten here on disconnect)
     * @param feedbackRate each connection's bucket for feedback and usage reports
     */
    public FrameDispatcher(ClientFrameCodec codec, TurnAdmission admission, ConversationResume resume, AnswerFeedback feedback,
                           TokenQuotas quotas, TokenBuckets rateLimiter, TokenBuckets feedbackRate, PrincipalLimits principals,
                           FrameSender frames, OrchestratorMetrics metrics) {
        this.codec = codec;
        this.admission = admission;
        this.resume = resume;
        this.feedback = feedback;
        this.quotas = quotas;
        this.principals = principals;
        this.rateLimiter = rateLimiter;
        this.feedbackRate = feedbackRate;
        this.frames = frames;
        this.metrics = metrics;
    }

    /**
     * Handles the frame and returns its immediate reply for the integration response (API Gateway
     * hands it to the client); any further frame is posted. {@code null} when there was none.
     */
    public ServerFrame dispatchForResponse(GatewayRequest request) {
        FrameReply reply = FrameReply.viaResponse(request.connectionId(), frames);
        dispatch(request, reply);
        return reply.responseFrame();
    }

    /** Handles the frame; its replies go to {@code reply}. */
    public void dispatch(GatewayRequest request, FrameReply reply) {
        MDC.put("requestId", request.requestId());
        MDC.put("connectionId", request.connectionId());
        try {
            if (!request.isAuthenticated()) {
                refuse(reply, ReplyFrames.frameRefused(ErrorCode.UNAUTHORIZED, "this connection has no authenticated principal"));
                return;
            }
            Decoded<ClientFrame> decoded = codec.decode(request.body());
            if (!decoded.isOk()) {
                refuse(reply, ErrorFrame.from(decoded.error()));
                return;
            }
            ClientFrame frame = decoded.value();
            if (frame instanceof SendMessage message) {
                MDC.put("conversationId", message.conversationId());
                MDC.put("messageId", message.messageId());
                admission.admit(request, message, reply);
            } else if (frame instanceof Resume resumeFrame) {
                reply.send(resume.resume(request.principal(), resumeFrame));
            } else if (frame instanceof Feedback rating) {
                MDC.put("conversationId", rating.conversationId());
                MDC.put("messageId", rating.messageId());
                rate(request, rating, reply);
            } else if (frame instanceof UsageRequest) {
                report(request, reply);
            } else if (frame instanceof Ping) {
                reply.send(ReplyFrames.pong());
            }
        } catch (RuntimeException e) {
            LOG.error("event=dispatch_failed", e);
            reply.send(ReplyFrames.frameRefused(ErrorCode.INTERNAL, "the frame could not be processed"));
        } finally {
            MDC.clear();
        }
    }

    private void rate(GatewayRequest request, Feedback rating, FrameReply reply) {
        Duration wait = feedbackRate.tryAcquire(request.connectionId());
        if (!wait.isZero()) {
            refuse(reply, ReplyFrames.refusal(rating.messageId(), ErrorCode.RATE_LIMITED, "too many ratings on this connection; slow down", wait));
            return;
        }
        // Per caller too, across its connections and the tasks they reach (as messages are, ADR 0035).
        wait = principals.tryAcquireRating(request.principal(), request.connectionId());
        if (!wait.isZero()) {
            refuse(reply, ReplyFrames.refusal(rating.messageId(), ErrorCode.RATE_LIMITED, "too many ratings from this account; slow down", wait));
            return;
        }
        ServerFrame answer;
        try {
            answer = feedback.give(request.principal(), rating);
        } catch (RuntimeException e) {
            // Refused with its message id, so the page can show that this rating was not saved (the generic refusal has none).
            LOG.warn("event=feedback_failed detail=\"{}\"", e.toString());
            refuse(reply, ReplyFrames.refusal(rating.messageId(), ErrorCode.INTERNAL, "the rating could not be saved; try again", null));
            return;
        }
        if (answer instanceof ErrorFrame refused) {
            refuse(reply, refused);
        } else {
            LOG.info("event=feedback_saved rating={}", rating.rating().wireName());
            reply.send(answer);
        }
    }

    private void report(GatewayRequest request, FrameReply reply) {
        Duration wait = feedbackRate.tryAcquire(request.connectionId());
        if (!wait.isZero()) {
            refuse(reply, ReplyFrames.refusal(null, ErrorCode.RATE_LIMITED, "too many usage requests on this connection; slow down", wait));
            return;
        }
        reply.send(UsageReport.of(quotas.current(request.principal())));
    }

    public void disconnected(GatewayRequest request) {
        rateLimiter.forget(request.connectionId());
        feedbackRate.forget(request.connectionId());
    }

    private void refuse(FrameReply reply, ErrorFrame error) {
        metrics.rejected(error.code());
        LOG.info("event=frame_rejected code={}", error.code().wireName());
        reply.send(error);
    }
}
