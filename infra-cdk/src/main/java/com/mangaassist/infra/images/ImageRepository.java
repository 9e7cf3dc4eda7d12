package com.mangaassist.infra.images;

import com.mangaassist.releasecontract.SignatureTags;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ecr.ImageTagMutabilityExclusionFilter;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.RepositoryEncryption;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.amazon.awscdk.services.ecr.TagStatus;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * An ECR repository as every image of the platform gets one: immutable release tags, scanned on
 * push, pruned, encrypted.
 *
 * <p>Tags are immutable except cosign's signature and attestation tags ({@link SignatureTags}, ADR
 * 0025): signing or attesting again pushes a new manifest under the same {@code sha256-<hex>.sig}
 * or {@code .att} tag, which a fully immutable repository refuses.
 *
 * <p>Pruning keeps release images and their signatures by separate rules. ECR's lifecycle rules
 * know nothing of which signature belongs to which image, and one count over every tag ("keep the
 * last 50") counted each release three times (image, {@code .sig}, {@code .att}), so at most
 * about 16 releases survived instead of 50. Release images are counted among release images only; signature
 * and attestation manifests each among their own kind, with room for {@link #SIGNATURE_MANIFESTS_KEPT}
 * (see there for why that many). ImageLifecycleTest runs these rules, as ECR documents their
 * evaluation, over a long push history.
 */
public final class ImageRepository {

    /** Releases kept for rollback; older release images are pruned. */
    public static final int RELEASES_KEPT = 50;

    /**
     * Signature manifests kept, and as many attestation manifests: twice {@link #RELEASES_KEPT}.
     * Each image has one tagged manifest of each kind, pushed when it was last signed (or
     * attested), so the kept releases need {@link #RELEASES_KEPT} of them. But signing an image
     * again (a second signer, a key rotation, a later attestation) moves its manifest to the newest
     * end, and that image may since have left the kept releases. A kept release's signature is
     * pruned only after at least {@code SIGNATURE_MANIFESTS_KEPT - RELEASES_KEPT + 1} (51) images
     * that are no longer kept were signed after it, which re-signing every kept release at once
     * never reaches. The cost: up to {@link #RELEASES_KEPT} orphaned manifests of a few kilobytes.
     */
    public static final int SIGNATURE_MANIFESTS_KEPT = 2 * RELEASES_KEPT;

    /**
     * ECR wildcard for a release id tag ({@code 20261202T101500Z-1a2b3c4}, see shared's
     * ReleaseManifest): no signature tag ({@code sha256-<lower-case hex>.sig}) has a {@code T} or a {@code Z}.
     */
    public static final String RELEASE_TAG_PATTERN = "*T*Z-*";

    /** How long a manifest that lost its tag (a superseded signature or attestation) stays. */
    public static final Duration UNTAGGED_KEPT = Duration.days(7);

    private ImageRepository() {
    }

    /** @param name a fixed name, so the platform stack and the release tool find it without an export */
    public static Repository create(Construct scope, String id, String name, IKey key, boolean retain) {
        return Repository.Builder.create(scope, id)
                .repositoryName(name)
                .imageTagMutability(TagMutability.IMMUTABLE_WITH_EXCLUSION)
                .imageTagMutabilityExclusionFilters(SignatureTags.MUTABLE_TAG_PATTERNS.stream()
                        .map(ImageTagMutabilityExclusionFilter::wildcard).toList())
                .imageScanOnPush(true)
                .encryption(RepositoryEncryption.KMS).encryptionKey(key)
                .lifecycleRules(lifecycleRules())
                .removalPolicy(retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .emptyOnDelete(!retain)
                .build();
    }

    /**
     * Disjoint selections (no manifest carries both a release tag and a signature tag), so no rule
     * shields another's images. One rule per signature tag pattern: a tagPatternList with several
     * patterns would select only manifests carrying all of them, which none does.
     */
    private static List<LifecycleRule> lifecycleRules() {
        List<LifecycleRule> rules = new ArrayList<>();
        rules.add(LifecycleRule.builder().rulePriority(1).description("superseded signatures and attestations go after a week")
                .tagStatus(TagStatus.UNTAGGED).maxImageAge(UNTAGGED_KEPT).build());
        rules.add(LifecycleRule.builder().rulePriority(2).description("keep the last " + RELEASES_KEPT + " releases for rollback")
                .tagStatus(TagStatus.TAGGED).tagPatternList(List.of(RELEASE_TAG_PATTERN)).maxImageCount(RELEASES_KEPT).build());
        for (String pattern : SignatureTags.MUTABLE_TAG_PATTERNS) {
            rules.add(LifecycleRule.builder().rulePriority(rules.size() + 1).description("keep the " + pattern + " of every kept release")
                    .tagStatus(TagStatus.TAGGED).tagPatternList(List.of(pattern)).maxImageCount(SIGNATURE_MANIFESTS_KEPT).build());
        }
        return List.copyOf(rules);
    }
}
