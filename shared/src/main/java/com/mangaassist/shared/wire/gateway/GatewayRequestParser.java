package com.mangaassist.shared.wire.gateway;

import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.WireError;
import com.mangaassist.shared.wire.WireIds;
import java.util.function.Function;

/**
 * Builds a {@link GatewayRequest} from the integration call's headers, validating what API
 * Gateway is supposed to guarantee. A violation here means a misconfigured integration (or a
 * caller that is not API Gateway), so errors name the header at fault.
 */
public final class GatewayRequestParser {

    private GatewayRequestParser() {
    }

    /**
     * @param route  the route the call arrived on (each route has its own integration path)
     * @param header looks a header up by name, case-insensitively, returning {@code null} when absent
     * @param body   the raw request body
     */
    public static Decoded<GatewayRequest> parse(GatewayRoute route, Function<String, String> header, String body) {
        String connectionId = header.apply(GatewayHeaders.CONNECTION_ID);
        if (connectionId == null) {
            return Decoded.failed(WireError.ofField(ErrorCode.MISSING_FIELD, GatewayHeaders.CONNECTION_ID, "missing header " + GatewayHeaders.CONNECTION_ID));
        }
        if (!WireIds.isValidConnectionId(connectionId)) {
            return Decoded.failed(WireError.ofField(ErrorCode.MALFORMED_ID, GatewayHeaders.CONNECTION_ID, "malformed connection id"));
        }
        String requestId = header.apply(GatewayHeaders.REQUEST_ID);
        if (requestId == null) {
            return Decoded.failed(WireError.ofField(ErrorCode.MISSING_FIELD, GatewayHeaders.REQUEST_ID, "missing header " + GatewayHeaders.REQUEST_ID));
        }
        if (!WireIds.isValidConnectionId(requestId) && !WireIds.isValidId(requestId)) {
            return Decoded.failed(WireError.ofField(ErrorCode.MALFORMED_ID, GatewayHeaders.REQUEST_ID, "malformed request id"));
        }
        String principal = header.apply(GatewayHeaders.PRINCIPAL);
        if (principal != null && !WireIds.isValidPrincipal(principal)) {
            return Decoded.failed(WireError.ofField(ErrorCode.INVALID_FIELD, GatewayHeaders.PRINCIPAL, "malformed principal"));
        }
        return Decoded.ok(new GatewayRequest(route, connectionId, requestId, principal, body));
    }
}
