package com.mangaassist.release.cli;

import com.mangaassist.release.evidence.Approval;
import com.mangaassist.release.signing.PemKeySigner;
import com.mangaassist.releasecontract.ReleaseManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code release approve}: a person's signed approval to promote exactly this release's content to one environment. */
@Command(name = "approve", mixinStandardHelpOptions = true, description = "Signs an approval to promote a release to an environment.")
final class ApproveCommand implements Callable<Integer> {

    @Option(names = "--manifest", required = true, description = "the release manifest being approved")
    Path manifestFile;

    @Option(names = "--env", required = true, description = "the environment the approval is for")
    String environment;

    @Option(names = "--approver", required = true, description = "who approves (an e-mail address or user name)")
    String approver;

    @Option(names = "--key", required = true, description = "the approver's key pair prefix")
    Path key;

    @Option(names = "--out", required = true, description = "where the signed approval goes")
    Path out;

    @Override
    public Integer call() throws Exception {
        ReleaseManifest manifest = Manifests.read(manifestFile);
        Approval approval = Approval.of(manifest, environment, approver, Instant.now());
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, approval.sign(PemKeySigner.read(key)));
        System.out.println(approver + " approves " + manifest.release() + " for " + environment + " (" + out + ")");
        return 0;
    }
}
