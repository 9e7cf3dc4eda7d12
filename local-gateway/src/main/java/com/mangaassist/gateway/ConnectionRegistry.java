package com.mangaassist.gateway;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Open connections by id. Ids look like API Gateway's: 12 random bytes, base64 ("L0SM9cOFvHcCIhw="). */
final class ConnectionRegistry {

    private final Map<String, GatewayConnection> open = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    String newId() {
        byte[] bytes = new byte[10];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    void add(GatewayConnection connection) {
        open.put(connection.id, connection);
    }

    Optional<GatewayConnection> find(String id) {
        GatewayConnection connection = open.get(id);
        return connection == null || connection.closed ? Optional.empty() : Optional.of(connection);
    }

    void remove(String id) {
        GatewayConnection connection = open.remove(id);
        if (connection != null) {
            connection.closed = true;
        }
    }

    java.util.Set<String> ids() {
        return java.util.Set.copyOf(open.keySet());
    }

    int size() {
        return open.size();
    }
}
