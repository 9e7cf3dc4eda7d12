package com.mangaassist.orchestrator.admission;

import com.mangaassist.orchestrator.connection.FrameSender;
import com.mangaassist.orchestrator.testing.RecordingSqsClient;
import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.conversation.TieredHistoryLoader;
import com.mangaassist.pipeline.testing.InMemoryConversationStore;
import com.mangaassist.pipeline.testing.RecordingConnectionSink;
import com.mangaassist.pipeline.delivery.ReplyStreams;
import com.mangaassist.pipeline.turn.TurnCommand;
import com.mangaassist.pipeline.turn.TurnIntake;
import com.mangaassist.pipeline.turn.TurnOutcome;
import com.mangaassist.pipeline.turn.TurnRunner;
import com.mangaassist.shared.budget.JtokkitTokenCounter;
import com.mangaassist.shared.contract.TurnTimings;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * For {@link TurnAdmissionMicronautTest} only (environment {@code admission-test}): the ports of the
 * admission path replaced — connections recorded, SQS recorded, the store in memory, turns recorded instead of run —
 * while everything between them is the orchestrator's own wiring.
 */
@Factory
@Requires(env = TurnAdmissionMicronautTest.ENVIRONMENT)
class AdmissionTestBeans {

    /** Turns admission handed to the executor. */
    static final class RecordedTurns implements TurnRunner {
        final List<TurnCommand> commands = new CopyOnWriteArrayList<>();

        @Override
        public TurnOutcome run(TurnCommand command) {
            commands.add(command);
            return new TurnOutcome.Superseded();
        }
    }

    @Singleton
    RecordingConnectionSink connections() {
        return new RecordingConnectionSink();
    }

    @Singleton
    @Bean(preDestroy = "shutdownNow")
    ScheduledExecutorService testFlushTimer() {
        return Executors.newSingleThreadScheduledExecutor();
    }

    @Singleton
    @Replaces(FrameSender.class)
    FrameSender frames(RecordingConnectionSink connections, ScheduledExecutorService testFlushTimer) {
        return new FrameSender(ReplyStreams.withDefaults(connections, Runnable::run, testFlushTimer));
    }

    @Singleton
    @Replaces(SqsClient.class)
    RecordingSqsClient sqs() {
        return new RecordingSqsClient();
    }

    @Singleton
    @Replaces(TurnRunner.class)
    RecordedTurns turns() {
        return new RecordedTurns();
    }

    @Singleton
    @Replaces(ConversationStore.class)
    InMemoryConversationStore store() {
        return new InMemoryConversationStore();
    }

    @Singleton
    @Replaces(TurnIntake.class)
    TurnIntake intake(InMemoryConversationStore store) {
        return new TurnIntake(store, TieredHistoryLoader.withDefaults(null, store, event -> { }), JtokkitTokenCounter.withDefaults(),
                TurnTimings.defaults(), Clock.systemUTC());
    }
}
