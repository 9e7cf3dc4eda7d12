package com.mangaassist.orchestrator.config;

import com.mangaassist.shared.contract.InvalidSettingException;
import com.mangaassist.shared.contract.SettingNames;
import com.mangaassist.shared.routing.RoutingThresholds;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * The routing policy's water marks as bound from {@code orchestrator.routing.*} by
 * {@link RoutingSettings} (every key falls back to {@link RoutingThresholds#defaults()}). A
 * deployment sets its first-token SLA ({@code ttft-sla}) and, rarely, the marks.
 */
@Factory
class RoutingThresholdsFactory {

    @Singleton
    RoutingThresholds thresholds(RoutingSettings s) {
        try {
            return RoutingThresholds.builder()
                    .taskHigh(s.taskHigh()).taskLow(s.taskLow())
                    .cpuHigh(s.cpuHigh()).cpuLow(s.cpuLow())
                    .ttftSla(s.ttftSla()).ttftRecovery(s.ttftRecovery())
                    .localQueueFactor(s.localQueueFactor())
                    .gpuHigh(s.gpuHigh()).gpuLow(s.gpuLow()).gpuShed(s.gpuShed())
                    .queueDepthHigh(s.queueDepthHigh()).queueDepthLow(s.queueDepthLow())
                    .queueAgeHigh(s.queueAgeHigh()).queueAgeLow(s.queueAgeLow())
                    .shedRetryAfter(s.shedRetryAfter())
                    .degradedMaxOutput(s.degradedMaxOutput())
                    .build();
        } catch (IllegalArgumentException e) {
            // RoutingSettings checks each mark by its property; this is the record's word on a set it still refuses.
            throw new InvalidSettingException(SettingNames.ROUTING, "holds an inconsistent set of water marks: " + e.getMessage());
        }
    }
}
