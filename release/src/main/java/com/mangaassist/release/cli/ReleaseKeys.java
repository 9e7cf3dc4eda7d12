package com.mangaassist.release.cli;

import com.mangaassist.release.promotion.TrustedKeys;
import com.mangaassist.release.signing.KmsSigner;
import com.mangaassist.release.signing.PemKeySigner;
import com.mangaassist.release.signing.PemKeys;
import com.mangaassist.release.signing.Signer;
import java.nio.file.Path;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A command's keys: the release key (a local PEM pair, or an AWS KMS key), the promotion key (a PEM
 * pair, or the release key when none is named), and the public keys waivers and approvals must be
 * signed with (the release key's when none is named). Each signer is read (from disk or KMS) the
 * first time the command needs it, and only once; a command that never needs the release key
 * never asks for it.
 */
final class ReleaseKeys {

    private final Path key;
    private final String kmsKey;
    private final String kmsRegion;
    private final Path promotionKey;
    private final Path waiverKey;
    private final Path approverKey;
    private Signer release;
    private Signer promotion;

    /**
     * @param key          the release key pair's prefix, or null
     * @param kmsKey       instead of {@code key}: the KMS key id, ARN or alias
     * @param kmsRegion    the KMS key's region (null: the SDK's region chain)
     * @param promotionKey the promotion key pair's prefix (null: the release key)
     * @param waiverKey    the waiver public key's PEM (null: the release key)
     * @param approverKey  the approver public key's PEM (null: the release key)
     */
    ReleaseKeys(Path key, String kmsKey, String kmsRegion, Path promotionKey, Path waiverKey, Path approverKey) {
        this.key = key;
        this.kmsKey = kmsKey;
        this.kmsRegion = kmsRegion;
        this.promotionKey = promotionKey;
        this.waiverKey = waiverKey;
        this.approverKey = approverKey;
    }

    /** The release key: signs images and their evidence; its public half is what the gate trusts them by. */
    Signer release() {
        if (release == null) {
            if ((key == null) == (kmsKey == null)) {
                throw new IllegalArgumentException("name the release key with exactly one of --key <prefix> or --kms-key <key id>");
            }
            release = key != null ? PemKeySigner.read(key) : new KmsSigner(kms(), kmsKey);
        }
        return release;
    }

    /** The key the ledger and the deployable manifest are signed with: the promotion key, or the release key when none is given. */
    Signer promotion() {
        if (promotion == null) {
            promotion = promotionKey != null ? PemKeySigner.read(promotionKey) : release();
        }
        return promotion;
    }

    /** What the gate trusts, one key per role. */
    TrustedKeys trusted() {
        return new TrustedKeys(release().publicKey(), promotion().publicKey(), waiverKey == null ? release().publicKey() : PemKeys.readPublic(waiverKey),
                approverKey == null ? release().publicKey() : PemKeys.readPublic(approverKey));
    }

    /** How to name the key a deploy must trust (the promotion key's public half) in a deploy command. */
    String deployKeyHint() {
        if (promotionKey != null) {
            return promotionKey + ".pub";
        }
        return key != null ? key + ".pub" : "<the PEM of aws kms get-public-key --key-id " + kmsKey + ">";
    }

    private KmsClient kms() {
        var kms = KmsClient.builder().httpClient(UrlConnectionHttpClient.create());
        if (kmsRegion != null) {
            kms.region(Region.of(kmsRegion));
        }
        return kms.build();
    }
}
