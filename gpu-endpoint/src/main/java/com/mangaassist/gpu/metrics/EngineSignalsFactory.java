package com.mangaassist.gpu.metrics;

import com.mangaassist.gpu.engine.InferenceEngine;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import java.time.Duration;

/** Starts the engine signals with the process (not on first use: nothing asks for them). */
@Factory
class EngineSignalsFactory {

    /** @param interval 15 s: four readings in each one-minute period the alarms evaluate */
    @Context
    @Bean(preDestroy = "close")
    EngineSignalsReporter engineSignals(InferenceEngine engine, EndpointMetrics metrics,
                                        @Value("${gpu-endpoint.signals.interval:15s}") Duration interval) {
        return EngineSignalsReporter.every(engine, metrics::drainFirstTokenMillis, interval);
    }
}
