package com.mangaassist.pipeline.turn;

import com.mangaassist.shared.budget.BudgetPolicy;
import com.mangaassist.shared.budget.ContextBudgetManager;
import com.mangaassist.shared.budget.JtokkitTokenCounter;
import com.mangaassist.shared.model.ComplexityEstimator;
import com.mangaassist.shared.model.ModelRoutingTable;
import com.mangaassist.shared.model.ModelSelector;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.RedisURI;
import java.time.Duration;

/**
 * The parts of a turn pipeline both compute paths build the same way, so a turn is budgeted,
 * routed to a model and protected by a breaker identically on Fargate and on Lambda.
 */
public final class PipelineDefaults {

    private PipelineDefaults() {
    }

    /** cl100k_base counts with the margin of ADR 0003, and the default truncation texts. */
    public static ContextBudgetManager budget() {
        return new ContextBudgetManager(JtokkitTokenCounter.withDefaults(), BudgetPolicy.defaults());
    }

    /** The bundled routing table with this deployment's endpoint names (no large endpoint: every turn goes small). */
    public static ModelSelector selector(String smallEndpoint, String largeEndpoint) {
        return new ModelSelector(ModelRoutingTable.defaults().withEndpoints(smallEndpoint, largeEndpoint), new ComplexityEstimator());
    }

    /**
     * Opens after half of the last 20 calls failed (at least 10), probes again after 10 s: a dead
     * endpoint fails turns fast, and the routing policy sees the open breaker as GPU pressure.
     */
    public static CircuitBreaker gpuBreaker() {
        return CircuitBreaker.of("gpu-endpoint", CircuitBreakerConfig.custom().slidingWindowSize(20).minimumNumberOfCalls(10)
                .failureRateThreshold(50).waitDurationInOpenState(Duration.ofSeconds(10)).permittedNumberOfCallsInHalfOpenState(2).build());
    }

    /** Redis/Valkey as the CDK stack runs it (TLS and an auth token in AWS; neither locally). */
    public static RedisURI redisUri(String host, int port, boolean tls, String authToken) {
        RedisURI.Builder uri = RedisURI.builder().withHost(host).withPort(port).withSsl(tls);
        if (authToken != null && !authToken.isBlank()) {
            uri.withPassword(authToken.toCharArray());
        }
        return uri.build();
    }
}
