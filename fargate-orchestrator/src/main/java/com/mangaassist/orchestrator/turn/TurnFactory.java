package com.mangaassist.orchestrator.turn;

import com.mangaassist.orchestrator.config.OrchestratorSettings;
import com.mangaassist.orchestrator.load.LoadTracker;
import com.mangaassist.orchestrator.metrics.OrchestratorMetrics;
import com.mangaassist.pipeline.turn.TurnRunner;
import com.mangaassist.shared.routing.TurnPlacement;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

@Factory
class TurnFactory {

    @Singleton
    TurnExecutor turns(TurnRunner runner, LoadTracker load, OrchestratorMetrics metrics, OrchestratorSettings settings) {
        // Room for what the policy lets wait locally (1.25x capacity) with margin; beyond that turns are shed.
        return new TurnExecutor(runner, load, metrics, settings.capacity(), TurnPlacement.localQueueLimit(settings.capacity()));
    }
}
