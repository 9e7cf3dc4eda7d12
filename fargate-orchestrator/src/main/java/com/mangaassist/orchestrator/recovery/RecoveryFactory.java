package com.mangaassist.orchestrator.recovery;

import com.mangaassist.orchestrator.admission.TurnAdmission;
import com.mangaassist.orchestrator.connection.FrameSender;
import com.mangaassist.orchestrator.metrics.OrchestratorMetrics;
import com.mangaassist.orchestrator.turn.TurnExecutor;
import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.turn.TurnIntake;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

@Factory
class RecoveryFactory {

    @Singleton
    @Bean(preDestroy = "close")
    StrandedTurnSweeper sweeper(ConversationStore store, TurnExecutor turns, TurnIntake intake, FrameSender frames, OrchestratorMetrics metrics,
                                TurnAdmission admission) {
        return new StrandedTurnSweeper(store, turns, intake.attempts(), frames, metrics, admission::draining, Clock.systemUTC())
                .start(intake.timings().sweepInterval());
    }
}
