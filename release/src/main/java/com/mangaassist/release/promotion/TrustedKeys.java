package com.mangaassist.release.promotion;

import java.security.PublicKey;
import java.util.Objects;

/**
 * The public keys the gate trusts, one per role: the release key signs images, attestations and the
 * ledger; the waiver key signs exceptions to the vulnerability policy; the approver key signs prod
 * approvals. Separate keys keep the pipeline that builds a release from also approving it; locally
 * one key may play every role.
 */
public record TrustedKeys(PublicKey release, PublicKey waiver, PublicKey approver) {

    public TrustedKeys {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(waiver, "waiver");
        Objects.requireNonNull(approver, "approver");
    }

    public static TrustedKeys single(PublicKey key) {
        return new TrustedKeys(key, key, key);
    }
}
