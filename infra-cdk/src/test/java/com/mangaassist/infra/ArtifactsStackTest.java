package com.mangaassist.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The artifacts stack keeps releases where the platform stack and the release tool expect them, and exports nothing. */
class ArtifactsStackTest {

    private final Template dev = SynthesizedPlatform.of("dev").artifactsTemplate();
    private final Template prod = SynthesizedPlatform.of("prod").artifactsTemplate();

    @Test
    void repositories_whenSynthesized_areNamedImmutableScannedPrunedAndEncrypted() {
        for (String name : List.of("mangaassist-dev-orchestrator", "mangaassist-dev-gpu-endpoint")) {
            dev.hasResourceProperties("AWS::ECR::Repository", Map.of("RepositoryName", name, "ImageTagMutability", "IMMUTABLE_WITH_EXCLUSION",
                    "ImageScanningConfiguration", Map.of("ScanOnPush", true),
                    "EncryptionConfiguration", Match.objectLike(Map.of("EncryptionType", "KMS")),
                    "LifecyclePolicy", Map.of("LifecyclePolicyText", Match.stringLikeRegexp(".*imageCountMoreThan.*"))));
        }
        dev.resourceCountIs("AWS::ECR::Repository", 2);
    }

    @Test
    void repositories_whenSynthesized_exemptOnlyCosignSignatureAndAttestationTagsFromImmutability() {
        List<Map<String, String>> signatureTagsOnly = List.of(
                Map.of("ImageTagMutabilityExclusionFilterType", "WILDCARD", "ImageTagMutabilityExclusionFilterValue", "sha256-*.sig"),
                Map.of("ImageTagMutabilityExclusionFilterType", "WILDCARD", "ImageTagMutabilityExclusionFilterValue", "sha256-*.att"));
        dev.allResourcesProperties("AWS::ECR::Repository", Match.objectLike(Map.of("ImageTagMutability", "IMMUTABLE_WITH_EXCLUSION",
                "ImageTagMutabilityExclusionFilters", Match.exact(signatureTagsOnly))));
    }

    @Test
    void bucket_whenSynthesized_isVersionedEncryptedTlsOnlyPrivateAndLogged() {
        dev.hasResourceProperties("AWS::S3::Bucket", Map.of("BucketName", "mangaassist-dev-artifacts-" + SynthesizedPlatform.ACCOUNT,
                "VersioningConfiguration", Map.of("Status", "Enabled"),
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of("ServerSideEncryptionByDefault",
                        Map.of("SSEAlgorithm", "AES256")))),
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true,
                        "RestrictPublicBuckets", true),
                "LoggingConfiguration", Match.objectLike(Map.of("DestinationBucketName", Match.anyValue()))));
        String bucket = ContextOverridesTest.logicalId(dev, "AWS::S3::Bucket", "StoreBucket");
        dev.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("Bucket", Map.of("Ref", bucket), "PolicyDocument", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of("Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))));
    }

    @Test
    void prod_whenSynthesized_retainsRepositoriesBucketsAndKeyAndIsTerminationProtected() {
        prod.allResources("AWS::ECR::Repository", Map.of("DeletionPolicy", "Retain"));
        prod.allResources("AWS::S3::Bucket", Map.of("DeletionPolicy", "Retain"));
        prod.allResources("AWS::KMS::Key", Map.of("DeletionPolicy", "Retain"));
        assertThat(SynthesizedPlatform.of("prod").artifacts().getTerminationProtection()).isTrue();
        dev.allResources("AWS::S3::Bucket", Map.of("DeletionPolicy", "Delete"));
    }

    @Test
    void signingProfile_whenSynthesized_isForLambdaAndItsVersionArnIsPublishedForThePlatform() {
        dev.hasResourceProperties("AWS::Signer::SigningProfile", Map.of("PlatformId", "AWSLambda-SHA384-ECDSA",
                "ProfileName", "MangaAssist_dev_overflow"));
        String profile = ContextOverridesTest.logicalId(dev, "AWS::Signer::SigningProfile", "StoreOverflowSigningProfile");
        dev.hasResourceProperties("AWS::SSM::Parameter", Map.of("Name", "/mangaassist/dev/overflow-signing-profile-version-arn",
                "Value", Map.of("Fn::GetAtt", List.of(profile, "ProfileVersionArn"))));
    }

    @Test
    void outputs_whenSynthesized_nameEverythingTheReleaseToolNeedsAndExportNothing() {
        for (String output : List.of("OrchestratorRepositoryUri", "GpuEndpointRepositoryUri", "ArtifactBucket", "SigningProfileName",
                "SigningProfileArn", "SigningProfileVersionArn")) {
            dev.hasOutput(output, Map.of("Export", Match.absent()));
        }
        assertThat(PlatformStackTest.json(SynthesizedPlatform.of("dev").template().toJSON())).doesNotContain("Fn::ImportValue");
    }
}
