package com.mangaassist.release.signing;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * A {@link Signer} over an AWS KMS asymmetric key ({@code ECC_NIST_P256}, {@code SIGN_VERIFY}):
 * the private key never leaves KMS. KMS signs at most 4 KB of raw message, and an SBOM's DSSE
 * encoding is far larger, so the SHA-256 is computed here and KMS signs the digest
 * ({@code MessageType.DIGEST}, {@code ECDSA_SHA_256}) — the same signature {@code SHA256withECDSA}
 * over the whole message verifies, which is what cosign's KMS provider does too. KMS returns DER,
 * the encoding cosign and DSSE use. The public key is read once from {@code GetPublicKey}.
 */
public final class KmsSigner implements Signer {

    private final KmsClient kms;
    private final String keyId;
    private final PublicKey publicKey;

    public KmsSigner(KmsClient kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
        GetPublicKeyResponse key = kms.getPublicKey(b -> b.keyId(keyId));
        if (key.keySpec() != KeySpec.ECC_NIST_P256 || key.keyUsage() != KeyUsageType.SIGN_VERIFY) {
            throw new IllegalArgumentException("KMS key " + keyId + " is " + key.keySpecAsString() + " for " + key.keyUsageAsString()
                    + ": release signing needs an ECC_NIST_P256 key for SIGN_VERIFY");
        }
        try {
            this.publicKey = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(key.publicKey().asByteArray()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("KMS returned a public key that is not an EC SubjectPublicKeyInfo: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] sign(byte[] data) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return kms.sign(b -> b.keyId(keyId).message(SdkBytes.fromByteArray(digest)).messageType(MessageType.DIGEST)
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)).signature().asByteArray();
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }
}
