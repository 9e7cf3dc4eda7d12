package com.mangaassist.orchestrator.drain;

import com.mangaassist.orchestrator.admission.TurnAdmission;
import com.mangaassist.orchestrator.config.OrchestratorSettings;
import com.mangaassist.orchestrator.metrics.OrchestratorMetrics;
import com.mangaassist.orchestrator.overflow.OverflowPublisher;
import com.mangaassist.orchestrator.turn.TurnExecutor;
import com.mangaassist.pipeline.turn.MessageAttempts;
import io.micronaut.context.annotation.Factory;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

@Factory
class DrainFactory {

    @Singleton
    TurnDrain drain(TurnAdmission admission, TurnExecutor turns, @Nullable OverflowPublisher overflow, MessageAttempts attempts,
                    OrchestratorMetrics metrics, OrchestratorSettings settings) {
        return new TurnDrain(admission, turns, overflow, attempts, metrics, settings.drainTimeout());
    }
}
