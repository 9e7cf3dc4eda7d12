package com.mangaassist.release.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.release.signing.PemKeySigner;
import com.mangaassist.release.signing.PemKeys;
import com.mangaassist.releasecontract.ReleaseManifest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Waivers and approvals: what a signature binds, expiry, another key, and content that changed after approval. */
class SignedDecisionsTest {

    private final PemKeySigner key = new PemKeySigner(PemKeys.generate());
    private final PemKeySigner other = new PemKeySigner(PemKeys.generate());

    @Test
    void waiver_whenVerifiedWithItsKey_roundTripsAndExpiresAtItsInstant() {
        Waiver waiver = new Waiver("CVE-2025-0001", "prod", "not reachable: we never parse untrusted locale data", "sec@example.com",
                Instant.parse("2026-12-02T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"));

        Waiver read = Waiver.verified(waiver.sign(key), key.publicKey(), "w.json");

        assertThat(read).isEqualTo(waiver);
        assertThat(read.expiredAt(Instant.parse("2026-12-31T23:59:59Z"))).isFalse();
        assertThat(read.expiredAt(Instant.parse("2027-01-01T00:00:00Z"))).isTrue();
        assertThat(read.tooLong()).isFalse();
        assertThat(new Waiver("CVE-1", "prod", "r", "a", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-04-02T00:00:00Z")).tooLong())
                .as("91 days").isTrue();
    }

    @Test
    void waiver_whenSignedByAnotherKeyOrNotAnEnvelope_isRefused() {
        byte[] signed = new Waiver("CVE-1", "prod", "r", "a", Instant.parse("2026-12-02T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z")).sign(other);

        assertThatThrownBy(() -> Waiver.verified(signed, key.publicKey(), "w.json")).hasMessageContaining("waiver w.json is not a waiver signed by the trusted");
        assertThatThrownBy(() -> Waiver.verified("{}".getBytes(StandardCharsets.UTF_8), key.publicKey(), "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void approval_whenTheReleaseContentChangedAfterApproval_doesNotCoverIt() {
        ReleaseManifest manifest = manifest("sha256:" + "a".repeat(64));
        Approval approval = Approval.verified(Approval.of(manifest, "prod", "lead@example.com", Instant.now()).sign(key), key.publicKey(), "a.json");

        assertThat(approval.mismatches(manifest, "prod")).isEmpty();
        assertThat(approval.mismatches(manifest("sha256:" + "b".repeat(64)), "prod")).singleElement().asString().contains("covers other content");
        assertThat(approval.mismatches(manifest, "staging")).singleElement().asString().contains("is for " + manifest.release() + " to prod");
    }

    @Test
    void approval_whenSignedByAnotherKey_isRefused() {
        byte[] signed = Approval.of(manifest("sha256:" + "a".repeat(64)), "prod", "lead", Instant.now()).sign(other);

        assertThatThrownBy(() -> Approval.verified(signed, key.publicKey(), "a.json")).hasMessageContaining("not an approval signed by the trusted approver key");
    }

    private static ReleaseManifest manifest(String orchestratorDigest) {
        ReleaseManifest.ObjectRef object = new ReleaseManifest.ObjectRef("bucket-name", "lambda/x.zip", "c".repeat(64), null);
        return new ReleaseManifest("20261201T100000Z-0123456", "prod", "0123456789abcdef0123456789abcdef01234567", Instant.parse("2026-12-01T10:00:00Z"),
                "local", "us-east-1", new ReleaseManifest.Images(new ReleaseManifest.ImageRef("127.0.0.1:5000/o", orchestratorDigest),
                new ReleaseManifest.ImageRef("127.0.0.1:5000/g", "sha256:" + "d".repeat(64))), new ReleaseManifest.Artifacts(object, object,
                new ReleaseManifest.CodeSigning("5a0e9a3c-7f47-4b3e-9d0c-2f6b8f1e4a21", "MangaAssist_prod_overflow", object)));
    }
}
