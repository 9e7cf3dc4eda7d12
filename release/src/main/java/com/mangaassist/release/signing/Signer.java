package com.mangaassist.release.signing;

import java.security.PublicKey;

/**
 * Signs bytes with ECDSA P-256 over SHA-256, the signature DER-encoded (what cosign, DSSE and AWS
 * KMS's ECDSA_SHA_256 produce). The local implementation is {@link PemKeySigner}; in AWS the same
 * interface is meant to sit in front of a KMS asymmetric key (not built yet: see
 * docs/adr/0020-signed-releases.md).
 */
public interface Signer {

    byte[] sign(byte[] data);

    PublicKey publicKey();
}
