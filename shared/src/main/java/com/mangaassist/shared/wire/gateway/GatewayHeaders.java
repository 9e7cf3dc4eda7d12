package com.mangaassist.shared.wire.gateway;

/**
 * The headers the API Gateway integration maps from {@code $context} onto each POST to the
 * orchestrator. The CDK stack's request-parameter mapping and the local gateway both use these
 * names, so they are defined once.
 */
public final class GatewayHeaders {

    /** {@code $context.connectionId}. */
    public static final String CONNECTION_ID = "X-MangaAssist-Connection-Id";
    /** {@code $context.requestId}. */
    public static final String REQUEST_ID = "X-MangaAssist-Request-Id";
    /** {@code $context.authorizer.principalId}; absent on unauthenticated connects. */
    public static final String PRINCIPAL = "X-MangaAssist-Principal";
    /** {@code $context.routeKey}. */
    public static final String ROUTE_KEY = "X-MangaAssist-Route-Key";
    /**
     * {@code $stageVariables.originProof}: a secret only this platform's API stage maps, so a call
     * that reached the NLB through another API on the account-wide VPC link is refused (ADR 0027).
     */
    public static final String ORIGIN_PROOF = "X-MangaAssist-Origin-Proof";

    private GatewayHeaders() {
    }
}
