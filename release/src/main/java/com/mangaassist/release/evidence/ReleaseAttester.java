package com.mangaassist.release.evidence;

import com.mangaassist.release.artifacts.ArtifactStore;
import com.mangaassist.release.registry.OciRegistry;
import com.mangaassist.release.sbom.ImageContents;
import com.mangaassist.release.sbom.ImageSbom;
import com.mangaassist.release.signing.CosignStore;
import com.mangaassist.release.signing.Provenance;
import com.mangaassist.release.signing.SbomStatement;
import com.mangaassist.release.signing.Signer;
import com.mangaassist.shared.release.ReleaseManifest;
import com.mangaassist.shared.signing.Dsse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Produces and signs every piece of evidence of one release, the way {@code cosign sign},
 * {@code cosign attest} and {@code cosign attest-blob} would: per image a signature, its SLSA
 * provenance, its whole-image CycloneDX SBOM (Java dependencies and the OS packages read from the
 * image itself), its test results and, where a scanner ran, its vulnerability report; per object
 * (the Lambda zip, the model tarball) a signed provenance envelope stored next to it as
 * {@code <key>.intoto.json}.
 */
public final class ReleaseAttester {

    /** Where the evidence of an object in the bucket is kept. */
    public static final String BLOB_EVIDENCE_SUFFIX = ".intoto.json";

    /** What is attested about one image beyond what is read from the registry. */
    public record ImageEvidence(byte[] javaBom, ScanReport scan) {
        public ImageEvidence {
            Objects.requireNonNull(javaBom, "javaBom");
        }
    }

    /** What was attested: one line per piece, for the command to print. */
    public record Attested(List<String> lines) {
        public Attested {
            lines = List.copyOf(lines);
        }
    }

    private final OciRegistry registry;
    private final CosignStore store;
    private final ArtifactStore artifacts;
    private final Signer signer;
    private final String builderId;

    public ReleaseAttester(OciRegistry registry, ArtifactStore artifacts, Signer signer, String builderId) {
        this.registry = registry;
        this.store = new CosignStore(registry);
        this.artifacts = artifacts;
        this.signer = signer;
        this.builderId = builderId;
    }

    public Attested attest(ReleaseManifest manifest, ImageEvidence orchestrator, ImageEvidence gpuEndpoint, TestResults tests,
                           Provenance.BuildParameters parameters, Instant now) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<ReleaseManifest.ImageRef, ImageEvidence> image : List.of(Map.entry(manifest.images().orchestrator(), orchestrator),
                Map.entry(manifest.images().gpuEndpoint(), gpuEndpoint))) {
            lines.add(image(image.getKey(), image.getValue(), manifest, tests, parameters, now));
        }
        for (ReleaseManifest.ObjectRef object : List.of(manifest.artifacts().lambda(), manifest.artifacts().model())) {
            String stored = artifacts.sha256(object.key())
                    .orElseThrow(() -> new IllegalStateException(object.s3Url() + " is not in the artifact store: nothing to attest"));
            if (!stored.equals(object.sha256())) {
                throw new IllegalStateException(object.s3Url() + " holds sha256 " + stored + ", not the manifest's " + object.sha256());
            }
            byte[] statement = Provenance.statement(object.s3Url(), object.sha256(), builderId, manifest.sourceCommit(), parameters);
            artifacts.putEvidence(object.key() + BLOB_EVIDENCE_SUFFIX, Dsse.envelope(Dsse.IN_TOTO, statement, signer::sign));
            lines.add("attested " + object.s3Url() + " (" + object.key() + BLOB_EVIDENCE_SUFFIX + ")");
        }
        return new Attested(lines);
    }

    private String image(ReleaseManifest.ImageRef image, ImageEvidence evidence, ReleaseManifest manifest, TestResults tests,
                         Provenance.BuildParameters parameters, Instant now) {
        String name = image.name();
        String digest = image.digest();
        ImageContents contents = ImageContents.read(registry, name, digest);
        byte[] sbom = ImageSbom.of(image.repository(), digest, evidence.javaBom(), contents);
        store.sign(name, image.repository(), digest, signer);
        store.attest(name, digest, Provenance.PREDICATE_TYPE, Provenance.statement(image.repository(), digest, builderId, manifest.sourceCommit(),
                parameters), signer);
        store.attest(name, digest, SbomStatement.PREDICATE_TYPE, SbomStatement.statement(image.repository(), digest, sbom), signer);
        store.attest(name, digest, TestResults.PREDICATE_TYPE, tests.statement(image.repository(), digest), signer);
        if (evidence.scan() != null) {
            store.attest(name, digest, ScanReport.PREDICATE_TYPE, evidence.scan().statement(image.repository(), digest, now), signer);
        }
        return "signed " + image.reference() + " (" + contents.debianPackages().size() + " OS packages in its SBOM, " + tests.passed().size()
                + " passed tests" + (evidence.scan() == null ? "" : ", " + evidence.scan().findings().size() + " scan findings") + ")";
    }
}
