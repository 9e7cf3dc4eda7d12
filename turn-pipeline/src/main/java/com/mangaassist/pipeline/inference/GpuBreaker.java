package com.mangaassist.pipeline.inference;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;

/**
 * The breaker in front of the GPU endpoints, the same on both compute paths: it opens after half
 * of the last 20 calls failed (at least 10) and probes again after 10 s, so a dead endpoint fails
 * turns fast, and the routing policy sees the open breaker as GPU pressure.
 */
public final class GpuBreaker {

    private GpuBreaker() {
    }

    public static CircuitBreaker create() {
        return CircuitBreaker.of("gpu-endpoint", CircuitBreakerConfig.custom().slidingWindowSize(20).minimumNumberOfCalls(10)
                .failureRateThreshold(50).waitDurationInOpenState(Duration.ofSeconds(10)).permittedNumberOfCallsInHalfOpenState(2).build());
    }
}
