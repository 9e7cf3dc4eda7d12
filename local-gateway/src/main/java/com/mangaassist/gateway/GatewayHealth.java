package com.mangaassist.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the gateway's {@code /health} says: up (200) only while at least one integration target's
 * {@code /ready} answers and every service the launcher reports is up; down (503) otherwise, with
 * each target and service named, so a dead orchestrator never hides behind a gateway that is
 * itself fine.
 */
final class GatewayHealth {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final IntegrationClient integration;
    private volatile Supplier<Map<String, String>> services = Map::of;

    GatewayHealth(IntegrationClient integration) {
        this.integration = integration;
    }

    void reportServices(Supplier<Map<String, String>> source) {
        this.services = source;
    }

    boolean up() {
        return integration.targets().containsValue(true) && services.get().values().stream().allMatch("up"::equals);
    }

    String json(int connections) {
        ObjectNode health = JSON.createObjectNode().put("status", up() ? "UP" : "DOWN").put("connections", connections);
        ObjectNode targets = health.putObject("targets");
        integration.targets().forEach((target, ready) -> targets.put(target.toString(), ready ? "ready" : "not ready"));
        ObjectNode reported = health.putObject("services");
        services.get().forEach(reported::put);
        return health.toString();
    }
}
