package com.mangaassist.infra.config;

import java.util.Locale;

/**
 * Who sets the region's API Gateway CloudWatch Logs role, without which a stage's access logging
 * is refused ("CloudWatch Logs role ARN must be set in account settings"). The setting is one per
 * account and region, so an account that already has one keeps it ({@code existing}).
 */
public enum ApiGatewayAccountRole {
    /** This stack creates the role and the AWS::ApiGateway::Account that points at it. */
    CREATE,
    /** The account already has a role set; this stack leaves the setting alone. */
    EXISTING;

    public static ApiGatewayAccountRole parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "create" -> CREATE;
            case "existing" -> EXISTING;
            default -> throw InvalidContextException.invalid(ContextKeys.API_GATEWAY_ACCOUNT_ROLE, text, "create or existing");
        };
    }
}
