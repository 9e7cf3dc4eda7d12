package com.mangaassist.release.cli;

import com.mangaassist.release.build.BuildRecord;
import com.mangaassist.release.evidence.ReleaseAttester;
import com.mangaassist.release.evidence.ScanReport;
import com.mangaassist.release.evidence.RetrievalEvalResult;
import com.mangaassist.release.evidence.TestResults;
import com.mangaassist.release.git.SourceCommit;
import com.mangaassist.release.signing.Provenance;
import com.mangaassist.releasecontract.ReleaseManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code release sign}: signs each image of a release (cosign simple signing, {@code sha256-<hex>.sig})
 * and attaches, as DSSE-signed in-toto statements ({@code sha256-<hex>.att}), its SLSA v1
 * provenance, its whole-image CycloneDX SBOM, the commit's test results and, where given, a
 * scanner's report; signs the provenance of the Lambda zip and the model tarball next to them in
 * the bucket. Nothing is signed without its evidence: a missing SBOM, build record or test report
 * stops the command before the first signature.
 */
@Command(name = "sign", mixinStandardHelpOptions = true, description = "Signs a release's images and artifacts and attests their evidence.")
final class SignCommand implements Callable<Integer> {

    @Option(names = "--manifest", required = true, description = "the release manifest release build wrote")
    Path manifestFile;

    @Option(names = "--build-record", description = "base images of the build (default: <manifest>.build.json, which release build writes)")
    Path buildRecord;

    @Option(names = "--orchestrator-sbom", description = "CycloneDX JSON of the orchestrator's Java dependencies, used when the image carries none "
            + "(default: fargate-orchestrator/target/bom.json)")
    Path orchestratorSbom;

    @Option(names = "--gpu-endpoint-sbom", description = "CycloneDX JSON of the gpu-endpoint's Java dependencies, used when the image carries none "
            + "(default: gpu-endpoint/target/bom.json)")
    Path gpuEndpointSbom;

    @Option(names = "--orchestrator-scan", description = "Trivy JSON or ECR DescribeImageScanFindings JSON of the orchestrator image")
    Path orchestratorScan;

    @Option(names = "--gpu-endpoint-scan", description = "Trivy JSON or ECR DescribeImageScanFindings JSON of the gpu-endpoint image")
    Path gpuEndpointScan;

    @Option(names = "--test-reports", description = "where the JUnit reports of this commit's test run are (default: the repository)")
    Path testReports;

    @Option(names = "--eval-report", description = "the commit's retrieval eval report (default: " + RetrievalEvalResult.DEFAULT_REPORT
            + " when the build wrote one)")
    Path evalReport;

    @Mixin
    SupplyChainOptions options;

    @Override
    public Integer call() throws Exception {
        ReleaseManifest manifest = Manifests.read(manifestFile);
        SupplyChain supplyChain = new SupplyChain(options);
        Path root = supplyChain.repository();
        BuildRecord build = BuildRecord.read(buildRecord != null ? buildRecord : BuildRecord.besides(manifestFile));
        ReleaseAttester.ImageEvidence orchestrator = new ReleaseAttester.ImageEvidence(
                readIfPresent(orchestratorSbom != null ? orchestratorSbom : root.resolve("fargate-orchestrator/target/bom.json")), scan(orchestratorScan));
        ReleaseAttester.ImageEvidence gpu = new ReleaseAttester.ImageEvidence(
                readIfPresent(gpuEndpointSbom != null ? gpuEndpointSbom : root.resolve("gpu-endpoint/target/bom.json")), scan(gpuEndpointScan));
        TestResults tests = TestResults.collect(testReports != null ? testReports : root, manifest.sourceCommit());
        Provenance.BuildParameters parameters = new Provenance.BuildParameters(manifest.environment(), manifest.release(), build.baseImages(),
                SourceCommit.lockfileSha256(root, manifest.sourceCommit()));
        ReleaseAttester.Attested attested = new ReleaseAttester(supplyChain.registry(manifest), supplyChain.artifacts(manifest),
                supplyChain.keys().release(), options.builder).attest(manifest, orchestrator, gpu, tests, eval(root, manifest), parameters);
        attested.lines().forEach(System.out::println);
        System.out.println("test results: " + tests.result() + " (" + tests.passed().size() + " passed, " + tests.failed().size() + " failed, "
                + tests.skipped().size() + " skipped)");
        return 0;
    }

    private RetrievalEvalResult eval(Path root, ReleaseManifest manifest) {
        Path report = evalReport != null ? evalReport : root.resolve(RetrievalEvalResult.DEFAULT_REPORT);
        if (evalReport == null && !Files.isRegularFile(report)) {
            return null;
        }
        RetrievalEvalResult eval = RetrievalEvalResult.read(report, manifest.sourceCommit());
        System.out.println("retrieval eval: hybrid recall@5 " + eval.hybridRecallAt5());
        return eval;
    }

    private static byte[] readIfPresent(Path file) throws java.io.IOException {
        return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    }

    private static ScanReport scan(Path file) throws java.io.IOException {
        return file == null ? null : ScanReport.parse(Files.readAllBytes(file));
    }
}
