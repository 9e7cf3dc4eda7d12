package com.mangaassist.releasecontract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.JsonFields;
import com.mangaassist.shared.wire.WireCodecs;
import com.mangaassist.shared.wire.WireError;
import com.mangaassist.shared.wire.WireJson;
import com.mangaassist.shared.wire.WireLimits;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and writes release manifests strictly: a missing, malformed, unknown or out-of-pattern
 * field is refused with the field's path and what it must be, so a broken manifest stops synth
 * with one sentence instead of half-deploying. Writing is deterministic (fixed field order), so
 * the same release gives the same bytes, which is what a signature covers.
 */
public final class ReleaseManifestCodec {

    private static final Set<String> TOP = Set.of("schemaVersion", "release", "environment", "sourceCommit", "createdAt", "account", "region",
            "images", "artifacts");
    private static final Set<String> IMAGES = Set.of("orchestrator", "gpuEndpoint");
    private static final Set<String> IMAGE = Set.of("repository", "digest");
    private static final Set<String> ARTIFACTS = Set.of("lambda", "lambdaSigning", "model", "largeModel");
    private static final Set<String> SIGNING = Set.of("jobId", "profileName", "source");
    private static final Set<String> OBJECT = Set.of("bucket", "key", "sha256", "versionId");
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9.-]+(:[0-9]{1,5})?/[a-z0-9]+([._/-][a-z0-9]+)*");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9!_.*'()/-]{1,1024}");

    private final WireJson json = WireJson.create(WireLimits.defaults());

    public Decoded<ReleaseManifest> decode(byte[] utf8) {
        return WireCodecs.decodeObject(json, utf8, ReleaseManifestCodec::read);
    }

    public byte[] encode(ReleaseManifest manifest) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("schemaVersion", ReleaseManifest.SCHEMA_VERSION);
        root.put("release", manifest.release());
        root.put("environment", manifest.environment());
        root.put("sourceCommit", manifest.sourceCommit());
        root.put("createdAt", manifest.createdAt().toString());
        root.put("account", manifest.account());
        root.put("region", manifest.region());
        ObjectNode images = root.putObject("images");
        image(images.putObject("orchestrator"), manifest.images().orchestrator());
        image(images.putObject("gpuEndpoint"), manifest.images().gpuEndpoint());
        ObjectNode artifacts = root.putObject("artifacts");
        object(artifacts.putObject("lambda"), manifest.artifacts().lambda());
        ObjectNode signing = artifacts.putObject("lambdaSigning");
        signing.put("jobId", manifest.artifacts().lambdaSigning().jobId());
        signing.put("profileName", manifest.artifacts().lambdaSigning().profileName());
        object(signing.putObject("source"), manifest.artifacts().lambdaSigning().source());
        object(artifacts.putObject("model"), manifest.artifacts().model());
        if (manifest.artifacts().largeModel() != null) {
            object(artifacts.putObject("largeModel"), manifest.artifacts().largeModel());
        }
        return (root.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void image(ObjectNode node, ReleaseManifest.ImageRef image) {
        node.put("repository", image.repository());
        node.put("digest", image.digest());
    }

    private static void object(ObjectNode node, ReleaseManifest.ObjectRef object) {
        node.put("bucket", object.bucket());
        node.put("key", object.key());
        node.put("sha256", object.sha256());
        if (object.versionId() != null) {
            node.put("versionId", object.versionId());
        }
    }

    private static ReleaseManifest read(JsonNode root) {
        JsonFields f = WireCodecs.fields(root);
        int version = f.requiredInt("schemaVersion", 0, Integer.MAX_VALUE);
        if (version != ReleaseManifest.SCHEMA_VERSION) {
            throw WireCodecs.violation(WireError.ofField(ErrorCode.UNSUPPORTED_SCHEMA_VERSION, "schemaVersion",
                    "release manifest schemaVersion " + version + " is not supported (this build reads " + ReleaseManifest.SCHEMA_VERSION + ")"));
        }
        f.rejectUnknown(TOP);
        JsonFields images = f.requiredObject("images");
        images.rejectUnknown(IMAGES);
        JsonFields artifacts = f.requiredObject("artifacts");
        artifacts.rejectUnknown(ARTIFACTS);
        return new ReleaseManifest(
                matching(f, "release", ReleaseManifest.RELEASE_ID, "a release id such as 20261202T101500Z-1a2b3c4"),
                matching(f, "environment", ReleaseManifest.ENVIRONMENT, "an environment name such as dev or prod"),
                matching(f, "sourceCommit", ReleaseManifest.COMMIT, "a full 40-hex git commit"),
                f.requiredInstant("createdAt"),
                matching(f, "account", ReleaseManifest.ACCOUNT, "a 12-digit AWS account id (or local)"),
                matching(f, "region", ReleaseManifest.REGION, "an AWS region such as ap-northeast-1"),
                new ReleaseManifest.Images(image(images.requiredObject("orchestrator")), image(images.requiredObject("gpuEndpoint"))),
                new ReleaseManifest.Artifacts(object(artifacts.requiredObject("lambda")), object(artifacts.requiredObject("model")),
                        signing(artifacts.requiredObject("lambdaSigning")),
                        artifacts.has("largeModel") ? object(artifacts.requiredObject("largeModel")) : null));
    }

    private static ReleaseManifest.ImageRef image(JsonFields f) {
        f.rejectUnknown(IMAGE);
        return new ReleaseManifest.ImageRef(matching(f, "repository", REPOSITORY, "a registry host and repository such as "
                        + "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/mangaassist-orchestrator"),
                matching(f, "digest", ReleaseManifest.DIGEST, "an image digest (sha256:<64 hex>), never a tag"));
    }

    private static ReleaseManifest.ObjectRef object(JsonFields f) {
        f.rejectUnknown(OBJECT);
        return new ReleaseManifest.ObjectRef(matching(f, "bucket", BUCKET, "an S3 bucket name"), matching(f, "key", KEY, "an S3 object key"),
                matching(f, "sha256", ReleaseManifest.SHA256, "the object's SHA-256 in 64 hex digits"), f.optionalString("versionId"));
    }

    private static ReleaseManifest.CodeSigning signing(JsonFields f) {
        f.rejectUnknown(SIGNING);
        return new ReleaseManifest.CodeSigning(matching(f, "jobId", ReleaseManifest.SIGNING_JOB, "an AWS Signer job id"),
                matching(f, "profileName", ReleaseManifest.SIGNING_PROFILE, "an AWS Signer profile name (letters, digits, underscores)"),
                object(f.requiredObject("source")));
    }

    private static String matching(JsonFields f, String field, Pattern pattern, String expectation) {
        return f.requiredMatching(field, pattern, expectation);
    }
}
