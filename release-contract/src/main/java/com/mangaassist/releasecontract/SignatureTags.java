package com.mangaassist.releasecontract;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The registry tags cosign keeps an image's signatures and attestations under
 * ({@code sha256-<hex>.sig}, {@code sha256-<hex>.att}), and the one exception to tag immutability
 * the image repositories make for them (ADR 0025). The release tool writes these tags; the CDK app
 * names the same patterns as ECR's mutability exclusion filters, and the local registry stand-in
 * enforces the same rule, so all three read one list.
 */
public final class SignatureTags {

    public static final String SIGNATURE_SUFFIX = "sig";
    public static final String ATTESTATION_SUFFIX = "att";

    /**
     * ECR wildcard filters ({@code ^[0-9a-zA-Z._*-]{1,128}$}) for the tags that stay mutable in an
     * otherwise immutable repository: only cosign's signature and attestation tags, never a release tag.
     */
    public static final List<String> MUTABLE_TAG_PATTERNS = List.of("sha256-*." + SIGNATURE_SUFFIX, "sha256-*." + ATTESTATION_SUFFIX);

    private SignatureTags() {
    }

    /** {@code sha256:<hex>} → {@code sha256-<hex>.<suffix>}. */
    public static String tagFor(String digest, String suffix) {
        return digest.replace(':', '-') + "." + suffix;
    }

    /** Whether {@code tag} matches one of the {@link #MUTABLE_TAG_PATTERNS} as ECR matches a wildcard filter. */
    public static boolean mutable(String tag) {
        for (String pattern : MUTABLE_TAG_PATTERNS) {
            if (wildcardMatches(pattern, tag)) {
                return true;
            }
        }
        return false;
    }

    /** ECR's WILDCARD filter: {@code *} matches any run of characters (including none), everything else itself. */
    public static boolean wildcardMatches(String pattern, String tag) {
        String[] parts = pattern.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            regex.append(i == 0 ? "" : ".*").append(Pattern.quote(parts[i]));
        }
        return tag.matches(regex.toString());
    }
}
