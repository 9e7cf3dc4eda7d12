package com.mangaassist.shared.wire.gateway;

/** The API Gateway WebSocket route an integration call came from. */
public enum GatewayRoute {
    CONNECT("$connect"),
    DISCONNECT("$disconnect"),
    DEFAULT("$default");

    private final String routeKey;

    GatewayRoute(String routeKey) {
        this.routeKey = routeKey;
    }

    public String routeKey() {
        return routeKey;
    }

    public static GatewayRoute fromRouteKey(String key) {
        for (GatewayRoute route : values()) {
            if (route.routeKey.equals(key)) {
                return route;
            }
        }
        return null;
    }
}
