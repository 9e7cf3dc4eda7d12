package com.mangaassist.release.promotion;

import java.security.PublicKey;
import java.util.Objects;

/**
 * The public keys the gate trusts, one per role: the release key signs images and their evidence
 * (the build pipeline holds it); the promotion key signs the ledger and the manifest a deploy
 * accepts (only the gate uses it); the waiver key signs exceptions to the vulnerability policy; the
 * approver key signs approvals. For environments that need approval the gate refuses when a role
 * shares the release key, so the pipeline that builds a release cannot also waive, approve or
 * mark it promoted; locally (dev) one key may play every role.
 */
public record TrustedKeys(PublicKey release, PublicKey promotion, PublicKey waiver, PublicKey approver) {

    public TrustedKeys {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(promotion, "promotion");
        Objects.requireNonNull(waiver, "waiver");
        Objects.requireNonNull(approver, "approver");
    }

    public static TrustedKeys single(PublicKey key) {
        return new TrustedKeys(key, key, key, key);
    }
}
