package com.mangaassist.gateway;

import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the gateway's {@code /health} says: up (200) only while at least one integration target's
 * {@code /ready} answers and every service the launcher reports is up; down (503) otherwise, with
 * each target and service named, so a dead orchestrator never hides behind a gateway that is
 * itself fine.
 */
final class GatewayHealth {

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
        StringBuilder json = new StringBuilder("{\"status\":\"").append(up() ? "UP" : "DOWN").append("\",\"connections\":").append(connections)
                .append(",\"targets\":{");
        String separator = "";
        for (Map.Entry<URI, Boolean> target : integration.targets().entrySet()) {
            json.append(separator).append(quote(target.getKey().toString())).append(':').append(quote(target.getValue() ? "ready" : "not ready"));
            separator = ",";
        }
        json.append("},\"services\":{");
        separator = "";
        for (Map.Entry<String, String> service : services.get().entrySet()) {
            json.append(separator).append(quote(service.getKey())).append(':').append(quote(service.getValue()));
            separator = ",";
        }
        return json.append("}}").toString();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
