package com.mangaassist.localaws.ecr;

import com.mangaassist.releasecontract.SignatureTags;
import java.util.List;

/**
 * An ECR repository's tag mutability setting: {@code MUTABLE}, {@code IMMUTABLE}, or
 * {@code IMMUTABLE_WITH_EXCLUSION} with wildcard filters naming the tags that may still move.
 *
 * @param tagsImmutable whether existing tags are protected
 * @param exclusions    wildcard filters ({@code *} any run of characters) of tags exempt from {@code tagsImmutable}
 */
public record TagMutability(boolean tagsImmutable, List<String> exclusions) {

    public TagMutability {
        exclusions = List.copyOf(exclusions);
    }

    public static TagMutability mutable() {
        return new TagMutability(false, List.of());
    }

    public static TagMutability immutable() {
        return new TagMutability(true, List.of());
    }

    /** What the artifacts stack creates: immutable, except cosign's signature and attestation tags (ADR 0025). */
    public static TagMutability immutableExceptSignatures() {
        return new TagMutability(true, SignatureTags.MUTABLE_TAG_PATTERNS);
    }

    /** Whether a push may move {@code tag} once it exists. */
    public boolean mayOverwrite(String tag) {
        if (!tagsImmutable) {
            return true;
        }
        for (String filter : exclusions) {
            if (SignatureTags.wildcardMatches(filter, tag)) {
                return true;
            }
        }
        return false;
    }
}
