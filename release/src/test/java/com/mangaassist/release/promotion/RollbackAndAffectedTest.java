package com.mangaassist.release.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.release.signing.SbomStatement;
import com.mangaassist.releasecontract.ReleaseManifest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rollback picks the newest release that still verifies; affected lists the releases holding a component and what each environment runs. */
class RollbackAndAffectedTest extends SupplyChainFixture {

    @Test
    void rollback_passesOverRevokedAndTamperedReleasesAndPicksTheNewestThatStillVerifies() {
        ReleaseLedger ledger = new ReleaseLedger(dir.resolve("ledger.jsonl"));
        ReleaseManifest first = pushRelease("20261201T100000Z-0123456", COMMIT);
        ReleaseManifest second = pushRelease("20261201T110000Z-0123456", COMMIT);
        ReleaseManifest third = pushRelease("20261201T120000Z-0123456", COMMIT);
        ReleaseManifest current = pushRelease("20261201T130000Z-0123456", COMMIT);
        for (ReleaseManifest release : List.of(first, second, third, current)) {
            signAndAttest(release, signer, BUILDER);
            ledger.promoted(release, "dev", Instant.now(), signer);
        }
        ledger.revoked(third.release(), "CVE in a dependency", Instant.now(), signer);
        pushImage(behindEcr, second.images().gpuEndpoint().name(), second.release(), "tampered after promotion");

        RollbackPlanner.Plan plan = new RollbackPlanner(gate(signer)).plan(ledger.entries(signer.publicKey()), "dev");

        assertThat(plan.current()).isEqualTo(current.release());
        assertThat(plan.release()).hasValueSatisfying(target -> assertThat(target.release()).isEqualTo(first.release()));
        assertThat(plan.passedOver()).satisfiesExactly(r -> assertThat(r).isEqualTo(third.release() + ": revoked"),
                r -> assertThat(r).startsWith(second.release() + ": gpu-endpoint: tag"));
    }

    @Test
    void affected_listsTheReleasesWhoseSignedSbomsHoldTheComponentAndWhatEachEnvironmentRunsNow() {
        ReleaseLedger ledger = new ReleaseLedger(dir.resolve("ledger.jsonl"));
        ReleaseManifest vulnerable = pushRelease("20261201T100000Z-0123456", COMMIT);
        ReleaseManifest fixed = pushRelease("20261201T110000Z-0123456", COMMIT);
        signAndAttest(vulnerable, signer, BUILDER);
        ReleaseManifest.ImageRef gpu = vulnerable.images().gpuEndpoint();
        store.attest(gpu.name(), gpu.digest(), SbomStatement.PREDICATE_TYPE, SbomStatement.statement(gpu.repository(), gpu.digest(), bom("2.14.1")),
                signer);
        signAndAttest(fixed, signer, BUILDER);
        ledger.promoted(vulnerable, "prod", Instant.now(), signer);
        ledger.promoted(vulnerable, "dev", Instant.now(), signer);
        ledger.promoted(fixed, "dev", Instant.now(), signer);

        List<AffectedReleases.Hit> log4shell = AffectedReleases.find(ledger.entries(signer.publicKey()),
                DeniedComponents.of(List.of(DeniedComponents.LOG4SHELL)), manifest -> store, signer.publicKey());
        List<AffectedReleases.Hit> anyLog4j = AffectedReleases.find(ledger.entries(signer.publicKey()),
                DeniedComponents.of(List.of("org.apache.logging.log4j:log4j-core")), manifest -> store, signer.publicKey());

        assertThat(log4shell).extracting(AffectedReleases.Hit::release, AffectedReleases.Hit::environment, AffectedReleases.Hit::runningNow)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(vulnerable.release(), "prod", true),
                        org.assertj.core.groups.Tuple.tuple(vulnerable.release(), "dev", false));
        assertThat(log4shell).allSatisfy(hit -> assertThat(hit.image()).isEqualTo(gpu.reference()));
        assertThat(anyLog4j).hasSize(6); // both images of the three promotions
    }
}
