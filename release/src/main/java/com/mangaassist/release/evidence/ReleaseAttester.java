package com.mangaassist.release.evidence;

import com.mangaassist.release.artifacts.ArtifactStore;
import com.mangaassist.release.registry.OciRegistry;
import com.mangaassist.release.sbom.ImageContents;
import com.mangaassist.release.sbom.ImageSbom;
import com.mangaassist.release.signing.CosignStore;
import com.mangaassist.release.signing.Provenance;
import com.mangaassist.release.signing.SbomStatement;
import com.mangaassist.release.signing.Signer;
import com.mangaassist.releasecontract.ReleaseManifest;
import com.mangaassist.releasecontract.signing.Dsse;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * Where an object's signed provenance is kept for one release: {@code <key>.<release>.intoto.json}.
     * Content-addressed objects are shared by every release that built the same bytes (the model
     * tarball, often); per-release evidence keeps one release's signing from replacing another's
     * provenance (its commit), so rollback to an earlier release still verifies.
     */
    public static String blobEvidenceKey(ReleaseManifest.ObjectRef object, String release) {
        return object.key() + "." + release + BLOB_EVIDENCE_SUFFIX;
    }

    /**
     * What is attested about one image beyond what is read from the registry.
     *
     * @param javaBom the module's CycloneDX JSON, used only when the image carries none itself ({@code /opt/<module>/sbom.json}); may be null
     * @param scan    a scanner's report of this image; null when none ran
     */
    public record ImageEvidence(byte[] javaBom, ScanReport scan) {
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

    /** Reads and checks every input first, then signs: a problem with any piece of evidence stops it before the first signature. */
    public Attested attest(ReleaseManifest manifest, ImageEvidence orchestrator, ImageEvidence gpuEndpoint, TestResults tests,
                           Provenance.BuildParameters parameters) {
        return attest(manifest, orchestrator, gpuEndpoint, tests, null, parameters);
    }

    /** The same with the commit's retrieval eval attached to both images (null: none was run). */
    public Attested attest(ReleaseManifest manifest, ImageEvidence orchestrator, ImageEvidence gpuEndpoint, TestResults tests,
                           RetrievalEvalResult eval, Provenance.BuildParameters parameters) {
        List<PreparedImage> images = List.of(prepare(manifest.images().orchestrator(), orchestrator),
                prepare(manifest.images().gpuEndpoint(), gpuEndpoint));
        for (ReleaseManifest.ObjectRef object : manifest.artifacts().objects()) {
            String stored = artifacts.sha256(object.key(), object.versionId())
                    .orElseThrow(() -> new IllegalStateException(object.s3Url() + " is not in the artifact store: nothing to attest"));
            if (!stored.equals(object.sha256())) {
                throw new IllegalStateException(object.s3Url() + " holds sha256 " + stored + ", not the manifest's " + object.sha256());
            }
        }
        List<String> lines = new ArrayList<>();
        for (PreparedImage prepared : images) {
            ReleaseManifest.ImageRef image = prepared.image();
            String name = image.name();
            String digest = image.digest();
            store.sign(name, image.repository(), digest, signer);
            List<CosignStore.Statement> statements = new ArrayList<>(List.of(
                    new CosignStore.Statement(Provenance.PREDICATE_TYPE, Provenance.statement(image.repository(), digest, builderId,
                            manifest.sourceCommit(), parameters)),
                    new CosignStore.Statement(SbomStatement.PREDICATE_TYPE, SbomStatement.statement(image.repository(), digest, prepared.sbom())),
                    new CosignStore.Statement(TestResults.PREDICATE_TYPE, tests.statement(image.repository(), digest))));
            if (prepared.scan() != null) {
                statements.add(new CosignStore.Statement(ScanReport.PREDICATE_TYPE, prepared.scan()));
            }
            if (eval != null) {
                statements.add(new CosignStore.Statement(RetrievalEvalResult.PREDICATE_TYPE, eval.statement(image.repository(), digest)));
            }
            store.attestAll(name, digest, statements, signer); // one write of the .att tag per image
            lines.add("signed " + image.reference() + " (" + prepared.osPackages() + " OS packages in its SBOM, " + tests.passed().size()
                    + " passed tests" + (prepared.scan() == null ? "" : ", a scan attached") + ")");
        }
        for (ReleaseManifest.ObjectRef object : manifest.artifacts().objects()) {
            byte[] statement = Provenance.statement(object.s3Url(), object.sha256(), builderId, manifest.sourceCommit(), parameters);
            artifacts.putEvidence(blobEvidenceKey(object, manifest.release()), Dsse.envelope(Dsse.IN_TOTO, statement, signer::sign));
            lines.add("attested " + object.s3Url() + " (" + blobEvidenceKey(object, manifest.release()) + ")");
        }
        return new Attested(lines);
    }

    private record PreparedImage(ReleaseManifest.ImageRef image, byte[] sbom, int osPackages, byte[] scan) {
    }

    private PreparedImage prepare(ReleaseManifest.ImageRef image, ImageEvidence evidence) {
        ImageContents contents = ImageContents.read(registry, image.name(), image.digest());
        byte[] javaBom = contents.moduleSbom() != null ? contents.moduleSbom() : evidence.javaBom(); // what is in the image beats the workspace
        if (javaBom == null) {
            throw new IllegalStateException(image.reference() + " carries no /opt/<module>/sbom.json and no module SBOM was given");
        }
        byte[] scan = null;
        if (evidence.scan() != null) {
            if (!evidence.scan().imageDigests().contains(image.digest())) {
                throw new IllegalStateException("the scan report given for " + image.reference() + " is of " + evidence.scan().imageDigests());
            }
            scan = evidence.scan().statement(image.repository(), image.digest());
        }
        return new PreparedImage(image, ImageSbom.of(image.repository(), image.digest(), javaBom, contents), contents.debianPackages().size(), scan);
    }
}
