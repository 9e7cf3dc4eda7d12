package com.mangaassist.gpu.metrics;

import com.mangaassist.shared.breaker.OomCircuitBreaker;
import com.mangaassist.gpu.engine.InferenceEngine;
import com.mangaassist.gpu.lifecycle.EndpointLifecycle;
import io.micronaut.context.annotation.Context;

/**
 * Registers the gauges that read live state once everything they read exists. A bean of its own
 * because the breaker needs the metrics (as its listener) before the metrics can read the breaker.
 */
@Context
public class EndpointGauges {

    public EndpointGauges(EndpointMetrics metrics, EndpointLifecycle lifecycle, InferenceEngine engine, OomCircuitBreaker breaker) {
        metrics.bind(lifecycle, engine, breaker);
    }
}
