package com.mangaassist.release.promotion;

import com.mangaassist.release.evidence.Waiver;
import com.mangaassist.release.signing.Provenance;
import com.mangaassist.releasecontract.ReleaseManifest;
import com.mangaassist.releasecontract.SigningProfiles;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** A release manifest and a fixed clock for the checks' unit tests (no registry, no Docker). */
final class CheckFixtures {

    static final String BUILDER = "https://github.com/mangaassist/release/build";
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    static final String RELEASE = "20261202T120000Z-0123456";
    static final String BUCKET = "mangaassist-dev-artifacts-local";
    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final ReleaseManifest.ImageRef ORCHESTRATOR = new ReleaseManifest.ImageRef("127.0.0.1:5000/mangaassist/orchestrator", "sha256:" + "a".repeat(64));
    static final ReleaseManifest.ImageRef GPU_ENDPOINT = new ReleaseManifest.ImageRef("127.0.0.1:5000/mangaassist/gpu-endpoint", "sha256:" + "b".repeat(64));

    private CheckFixtures() {
    }

    /** A dev release of {@link #COMMIT} with the two images above and the given objects in {@link #BUCKET}. */
    static ReleaseManifest manifest(ReleaseManifest.ObjectRef lambda, ReleaseManifest.ObjectRef model) {
        return new ReleaseManifest(RELEASE, "dev", COMMIT, NOW.minus(Duration.ofHours(1)), "local", "us-east-1",
                new ReleaseManifest.Images(ORCHESTRATOR, GPU_ENDPOINT),
                new ReleaseManifest.Artifacts(lambda, model, new ReleaseManifest.CodeSigning("job-1", SigningProfiles.overflowFunction("dev"), lambda)));
    }

    static ReleaseManifest manifest() {
        ReleaseManifest.ObjectRef object = new ReleaseManifest.ObjectRef(BUCKET, "models/test/" + "c".repeat(64) + ".tar.gz", "c".repeat(64), null);
        return manifest(object, object);
    }

    static ReleasedImage orchestrator() {
        return new ReleasedImage(ORCHESTRATOR, manifest(), "dev");
    }

    /** What {@code check} refuses about the orchestrator, in order, with a fresh verdict. */
    static List<String> refusals(EvidenceCheck<ReleasedImage> check) {
        return verdict(check).decision().refusals();
    }

    static Verdict verdict(EvidenceCheck<ReleasedImage> check, Waiver... waivers) {
        Verdict verdict = new Verdict(CLOCK);
        for (Waiver waiver : waivers) {
            verdict.honour(waiver);
        }
        check.check(orchestrator(), verdict.about("orchestrator"));
        return verdict;
    }

    static Waiver waiver(String waives, Instant expires) {
        return new Waiver(waives, "dev", "not reachable", "sec@example.com", expires.minus(Duration.ofDays(1)), expires);
    }

    static Provenance.BuildParameters parameters() {
        return new Provenance.BuildParameters("dev", RELEASE, Map.of("jdk", "127.0.0.1:5000/mangaassist-base/jdk@sha256:" + "5".repeat(64)), "6".repeat(64));
    }

    /** A CycloneDX document listing log4j-core at {@code log4jVersion}. */
    static byte[] bom(String log4jVersion) {
        return ("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[{\"type\":\"library\",\"group\":\"org.apache.logging.log4j\","
                + "\"name\":\"log4j-core\",\"version\":\"" + log4jVersion + "\"}]}").getBytes(StandardCharsets.UTF_8);
    }

    /** A Trivy report of {@code digest} with one finding, made at {@code createdAt}. */
    static byte[] trivy(String digest, String id, String severity, Instant createdAt) {
        return ("{\"SchemaVersion\":2,\"CreatedAt\":\"" + createdAt + "\",\"Metadata\":{\"RepoDigests\":[\"" + ORCHESTRATOR.repository() + "@" + digest
                + "\"]},\"Results\":[{\"Target\":\"x\",\"Vulnerabilities\":[{\"VulnerabilityID\":\"" + id + "\",\"PkgName\":\"libc6\","
                + "\"InstalledVersion\":\"2.36-9\",\"Severity\":\"" + severity + "\"}]}]}").getBytes(StandardCharsets.UTF_8);
    }
}
