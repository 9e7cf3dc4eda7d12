package com.mangaassist.shared.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.wire.gateway.GatewayHeaders;
import com.mangaassist.shared.wire.gateway.GatewayRequest;
import com.mangaassist.shared.wire.gateway.GatewayRequestParser;
import com.mangaassist.shared.wire.gateway.GatewayRoute;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayRequestParserTest {

    private final Map<String, String> headers = new HashMap<>(Map.of(
            GatewayHeaders.CONNECTION_ID, "L0SM9cOFvHcCIhw=",
            GatewayHeaders.REQUEST_ID, "Kx3b9FhJoAMFnlA=",
            GatewayHeaders.PRINCIPAL, "user-7f3a"));

    @Test
    void parse_whenAllHeadersPresent_returnsAuthenticatedRequest() {
        GatewayRequest request = GatewayRequestParser.parse(GatewayRoute.DEFAULT, headers::get, "{\"action\":\"ping\"}").value();

        assertThat(request).isEqualTo(new GatewayRequest(GatewayRoute.DEFAULT, "L0SM9cOFvHcCIhw=", "Kx3b9FhJoAMFnlA=", "user-7f3a", "{\"action\":\"ping\"}"));
        assertThat(request.isAuthenticated()).isTrue();
    }

    @Test
    void parse_whenPrincipalAbsent_returnsUnauthenticatedRequest() {
        headers.remove(GatewayHeaders.PRINCIPAL);

        GatewayRequest request = GatewayRequestParser.parse(GatewayRoute.CONNECT, headers::get, null).value();

        assertThat(request.isAuthenticated()).isFalse();
        assertThat(request.body()).isEmpty();
    }

    @Test
    void parse_whenConnectionIdMissingOrMalformed_fails() {
        headers.put(GatewayHeaders.CONNECTION_ID, "abc def");
        assertThat(GatewayRequestParser.parse(GatewayRoute.DEFAULT, headers::get, "").error().code()).isEqualTo(ErrorCode.MALFORMED_ID);

        headers.remove(GatewayHeaders.CONNECTION_ID);
        assertThat(GatewayRequestParser.parse(GatewayRoute.DEFAULT, headers::get, "").error().code()).isEqualTo(ErrorCode.MISSING_FIELD);
    }

    @Test
    void parse_whenPrincipalHasControlCharacters_fails() {
        headers.put(GatewayHeaders.PRINCIPAL, "user\n7f3a");

        assertThat(GatewayRequestParser.parse(GatewayRoute.DEFAULT, headers::get, "").error().field()).isEqualTo(GatewayHeaders.PRINCIPAL);
    }

    @Test
    void fromRouteKey_mapsApiGatewayRouteKeys() {
        assertThat(GatewayRoute.fromRouteKey("$connect")).isEqualTo(GatewayRoute.CONNECT);
        assertThat(GatewayRoute.fromRouteKey("$default")).isEqualTo(GatewayRoute.DEFAULT);
        assertThat(GatewayRoute.fromRouteKey("sendMessage")).isNull();
    }
}
