package com.mangaassist.gpu.metrics;

import com.mangaassist.gpu.config.EndpointSettings;
import com.mangaassist.gpu.engine.InferenceEngine;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;

/** Starts the engine signals with the process (not on first use: nothing asks for them). */
@Factory
class EngineSignalsFactory {

    /** Every {@code gpu-endpoint.signals.interval} (15 s: four readings in each one-minute period the alarms evaluate). */
    @Context
    @Bean(preDestroy = "close")
    EngineSignalsReporter engineSignals(InferenceEngine engine, EndpointMetrics metrics, EndpointSettings settings) {
        return EngineSignalsReporter.every(engine, metrics::drainFirstTokenMillis, settings.signals().interval());
    }
}
