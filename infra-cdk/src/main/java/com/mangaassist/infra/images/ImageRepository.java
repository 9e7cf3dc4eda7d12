package com.mangaassist.infra.images;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.RepositoryEncryption;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.amazon.awscdk.services.ecr.TagStatus;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/** An ECR repository as every image of the platform gets one: immutable tags, scanned on push, pruned, encrypted. */
public final class ImageRepository {

    /** Releases kept for rollback; older images are pruned. */
    public static final int RELEASES_KEPT = 50;

    private ImageRepository() {
    }

    /** @param name a fixed name, so the platform stack and the release tool find it without an export */
    public static Repository create(Construct scope, String id, String name, IKey key, boolean retain) {
        return Repository.Builder.create(scope, id)
                .repositoryName(name)
                .imageTagMutability(TagMutability.IMMUTABLE)
                .imageScanOnPush(true)
                .encryption(RepositoryEncryption.KMS).encryptionKey(key)
                .lifecycleRules(List.of(
                        LifecycleRule.builder().description("untagged layers go after a week").tagStatus(TagStatus.UNTAGGED)
                                .maxImageAge(Duration.days(7)).rulePriority(1).build(),
                        LifecycleRule.builder().description("keep the last " + RELEASES_KEPT + " releases for rollback")
                                .tagStatus(TagStatus.ANY).maxImageCount(RELEASES_KEPT).rulePriority(2).build()))
                .removalPolicy(retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .emptyOnDelete(!retain)
                .build();
    }
}
