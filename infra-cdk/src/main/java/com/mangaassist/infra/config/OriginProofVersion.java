package com.mangaassist.infra.config;

import java.util.regex.Pattern;

/**
 * Which version of the origin proof secret the stage maps ({@code -c originProofVersion}, ADR
 * 0027): empty for the version that is current when CloudFormation resolves the reference, or the
 * {@code VersionId} the rotation runbook's {@code put-secret-value} printed. CloudFormation
 * resolves a dynamic reference again only when its text changes, so naming the new version is
 * what makes a deploy map the rotated value.
 *
 * @param id the secret's VersionId, or {@code ""} for AWSCURRENT
 */
public record OriginProofVersion(String id) {

    /** Secrets Manager version ids: 32 to 64 characters (a UUID unless the caller chose one). */
    private static final Pattern VERSION_ID = Pattern.compile("[A-Za-z0-9-]{32,64}");

    public static final OriginProofVersion CURRENT = new OriginProofVersion("");

    public OriginProofVersion {
        if (id == null || !id.isEmpty() && !VERSION_ID.matcher(id).matches()) {
            throw InvalidContextException.invalid(ContextKeys.ORIGIN_PROOF_VERSION, id,
                    "the VersionId put-secret-value printed for the origin proof secret (32 to 64 letters, digits and dashes)");
        }
    }

    public static OriginProofVersion parse(String text) {
        return new OriginProofVersion(text.strip());
    }
}
