package com.mangaassist.orchestrator.gateway;

import com.mangaassist.orchestrator.admission.PrincipalLimits;
import com.mangaassist.orchestrator.admission.TokenBuckets;
import com.mangaassist.orchestrator.admission.TurnAdmission;
import com.mangaassist.orchestrator.config.OrchestratorSettings;
import com.mangaassist.orchestrator.connection.FrameSender;
import com.mangaassist.orchestrator.metrics.OrchestratorMetrics;
import com.mangaassist.pipeline.feedback.AnswerFeedback;
import com.mangaassist.pipeline.turn.ConversationResume;
import com.mangaassist.pipeline.usage.TokenQuotas;
import com.mangaassist.shared.runtime.DaemonThreads;
import com.mangaassist.shared.wire.client.ClientFrameCodec;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

@Factory
class GatewayFactory {

    @Singleton
    @Named("dispatch")
    @Bean(preDestroy = "shutdown")
    ExecutorService dispatch() {
        // Frames are short work (decode, decide, a conditional write, an ack, maybe one SQS call) and each holds its
        // integration call open until done: 32 threads, and a short queue so a stalled dependency is refused, not piled up.
        return new ThreadPoolExecutor(32, 32, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(256), DaemonThreads.named("dispatch"));
    }

    @Singleton
    FrameDispatcher dispatcher(TurnAdmission admission, ConversationResume resume, AnswerFeedback feedback, TokenQuotas quotas,
                               TokenBuckets rateLimiter,
                               PrincipalLimits principals, OrchestratorSettings settings, FrameSender frames, OrchestratorMetrics metrics) {
        // Ratings and usage reports at the message rate, on their own buckets (not a bean: admission's is the one TokenBuckets it injects).
        TokenBuckets feedbackRate = new TokenBuckets(settings.rate().messagesPerSecond(), settings.rate().burst(), System::nanoTime);
        return new FrameDispatcher(ClientFrameCodec.withDefaults(), admission, resume, feedback, quotas, rateLimiter, feedbackRate, principals,
                frames, metrics);
    }
}
