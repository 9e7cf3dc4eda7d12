package com.mangaassist.release.signing;

import java.security.PublicKey;

/**
 * Signs bytes with ECDSA P-256 over SHA-256, the signature DER-encoded (what cosign, DSSE and AWS
 * KMS's ECDSA_SHA_256 produce). Implementations: {@link PemKeySigner} (a local key pair) and
 * {@link KmsSigner} (an AWS KMS asymmetric key); ADR 0022 says which is exercised where.
 */
public interface Signer {

    byte[] sign(byte[] data);

    PublicKey publicKey();
}
