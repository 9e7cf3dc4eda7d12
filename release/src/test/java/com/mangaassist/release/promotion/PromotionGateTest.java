package com.mangaassist.release.promotion;

import static com.mangaassist.release.promotion.CheckFixtures.BUCKET;
import static com.mangaassist.release.promotion.CheckFixtures.BUILDER;
import static com.mangaassist.release.promotion.CheckFixtures.CLOCK;
import static com.mangaassist.release.promotion.CheckFixtures.COMMIT;
import static com.mangaassist.release.promotion.CheckFixtures.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.release.artifacts.LocalArtifactStore;
import com.mangaassist.release.codesigning.SigningJob;
import com.mangaassist.release.codesigning.SigningJobs;
import com.mangaassist.release.registry.OciRegistry;
import com.mangaassist.release.registry.RegistryAuth;
import com.mangaassist.release.signing.PemKeySigner;
import com.mangaassist.release.signing.PemKeys;
import com.mangaassist.releasecontract.ReleaseManifest;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the gate runs its checks, without Docker: in order, each item's under its role; a check that
 * cannot go on (the registry unreadable, the object gone) ends only that item's checks, and the Lambda
 * zip's code signing is judged even when the zip is gone. What each check refuses is in
 * ImageChecksTest and ObjectChecksTest; the gate against real evidence in the Docker-backed tests.
 */
class PromotionGateTest {

    @TempDir
    Path dir;

    /** Signer knows neither the job nor the profile. */
    private static final SigningJobs NO_SIGNER = new SigningJobs() {
        @Override
        public String start(ReleaseManifest.ObjectRef source, String profileName, String destinationPrefix, String requestToken) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<SigningJob> describe(String jobId) {
            return Optional.empty();
        }

        @Override
        public Optional<SigningProfileState> profile(String name) {
            return Optional.empty();
        }
    };

    @Test
    void decide_whenNothingCanBeRead_refusesEachItemOnceUnderItsRoleInTheGatesOrder() throws Exception {
        String registry = "127.0.0.1:" + closedPort();
        ReleaseManifest.ObjectRef zip = new ReleaseManifest.ObjectRef(BUCKET, "lambda-overflow/" + "d".repeat(64) + ".zip", "d".repeat(64), "v1");
        ReleaseManifest.ObjectRef model = new ReleaseManifest.ObjectRef(BUCKET, "models/test/" + "c".repeat(64) + ".tar.gz", "c".repeat(64), null);
        ReleaseManifest release = manifest(zip, model);
        PromotionGate gate = new PromotionGate(new OciRegistry(registry, RegistryAuth.anonymous()), new LocalArtifactStore(dir, BUCKET), NO_SIGNER,
                TrustedKeys.single(new PemKeySigner(PemKeys.generate()).publicKey()), PromotionPolicy.standard(BUILDER, commit -> false), CLOCK);

        List<String> refusals = gate.refusals(release);

        assertThat(refusals).satisfiesExactly(
                r -> assertThat(r).isEqualTo("commit " + COMMIT + " is not on the release branch"),
                r -> assertThat(r).startsWith("orchestrator: the registry could not be read: registry " + registry + " unreachable"),
                r -> assertThat(r).startsWith("gpu-endpoint: the registry could not be read: registry " + registry + " unreachable"),
                r -> assertThat(r).isEqualTo("lambda: " + zip.s3Url() + " version v1 is not in the artifact store"),
                r -> assertThat(r).isEqualTo("lambda: Signer knows no signing job job-1"),
                r -> assertThat(r).isEqualTo("lambda: the built zip " + zip.s3Url() + " version v1 is not in the artifact store"),
                r -> assertThat(r).isEqualTo("model: " + model.s3Url() + " is not in the artifact store"));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
