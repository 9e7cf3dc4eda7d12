package com.mangaassist.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangaassist.gateway.oidc.LocalOidcStandIn;
import com.mangaassist.shared.testing.MutableClock;
import com.mangaassist.gateway.oidc.OidcTestClient;
import com.mangaassist.localaws.process.LoopbackPorts;
import com.mangaassist.shared.wire.gateway.GatewayHeaders;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway in OIDC mode: the page told so, the stand-in's ID tokens accepted (sub the principal), dev and bad tokens refused. */
class OidcGatewayTest {

    private final List<String> connectPrincipals = new CopyOnWriteArrayList<>();
    /** The stand-in's clock: a test moves it back to have it sign tokens that are already expired. */
    private final MutableClock issuerClock = new MutableClock(Instant.now());
    private HttpServer backend;
    private LocalOidcStandIn standIn;
    private LocalApiGateway gateway;
    private String redirectUri;

    @BeforeEach
    void start() throws IOException {
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/gateway/", exchange -> {
            if (exchange.getRequestURI().getPath().endsWith("/connect")) {
                connectPrincipals.add(exchange.getRequestHeaders().getFirst(GatewayHeaders.PRINCIPAL));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        backend.createContext("/ready", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        backend.start();
        int port = LoopbackPorts.free();
        redirectUri = "http://127.0.0.1:" + port + "/";
        standIn = LocalOidcStandIn.start(LocalOidcStandIn.Settings.forChatPage(port).withClock(issuerClock));
        gateway = LocalApiGateway.start(port, List.of(URI.create("http://127.0.0.1:" + backend.getAddress().getPort())), GatewayLimits.apiGateway(),
                Duration.ofSeconds(30), "origin-proof", GatewayAuth.oidc(standIn.issuer(), standIn.clientId()));
    }

    @AfterEach
    void stop() {
        gateway.close();
        standIn.close();
        backend.stop(0);
    }

    private String idToken(String user) throws Exception {
        return OidcTestClient.signIn(standIn.issuer(), standIn.clientId(), redirectUri, user).get("id_token").asText();
    }

    private WebSocket open(String token) {
        return HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(gateway.webSocketUri(token), new WebSocket.Listener() {
        }).join();
    }

    private void assertRefusedWith401(String token) {
        assertThatThrownBy(() -> open(token)).cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
    }

    @Test
    void pageConfig_saysOidcWithTheIssuerAndClient() throws Exception {
        HttpResponse<String> config = HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(gateway.chatUrl().resolve("/config.json"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(config.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode json = new ObjectMapper().readTree(config.body());
        assertThat(json.get("webSocketUrl").asText()).isEqualTo("ws://127.0.0.1:" + gateway.port() + "/ws");
        assertThat(json.get("auth").get("mode").asText()).isEqualTo("oidc");
        assertThat(json.get("auth").get("issuer").asText()).isEqualTo(standIn.issuer());
        assertThat(json.get("auth").get("clientId").asText()).isEqualTo(LocalOidcStandIn.CLIENT_ID);
        assertThat(json.get("auth").get("scope").asText()).isEqualTo("openid");
        assertThat(json.get("clientSilenceMs").asLong()).isEqualTo(30_000);
    }

    @Test
    void connect_withTheStandInsIdToken_isThePrincipalItsSubjectNames() throws Exception {
        WebSocket socket = open(idToken("alice"));

        await().atMost(Duration.ofSeconds(5)).until(() -> !connectPrincipals.isEmpty());
        assertThat(connectPrincipals).containsExactly("alice");
        socket.abort();
    }

    @Test
    void connect_withADevToken_isRefusedInOidcMode() {
        assertRefusedWith401("dev-alice");
        assertThat(connectPrincipals).isEmpty();
    }

    @Test
    void connect_withAnExpiredOrTamperedIdToken_isRefused() throws Exception {
        String good = idToken("alice");
        String[] parts = good.split("\\.");
        String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8);
        String asBob = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.replace("\"sub\":\"alice\"", "\"sub\":\"bob\"").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertRefusedWith401(parts[0] + "." + asBob + "." + parts[2]);

        issuerClock.advance(Duration.ofMinutes(-10)); // signed ten minutes ago: expired five minutes ago
        assertRefusedWith401(idToken("alice"));
        assertThat(connectPrincipals).isEmpty();
    }

    @Test
    void connect_withTwoTokens_isRefused() throws Exception {
        String token = idToken("alice");
        assertRefusedWith401(token + "&token=" + token);
    }
}
