package com.mangaassist.release.signing;

import com.mangaassist.releasecontract.signing.EcdsaSignatures;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;

/** A {@link Signer} over a local P-256 key pair (the path exercised here and in CI). */
public final class PemKeySigner implements Signer {

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    public PemKeySigner(KeyPair pair) {
        this.privateKey = pair.getPrivate();
        this.publicKey = pair.getPublic();
    }

    /** {@code <prefix>.key} and {@code <prefix>.pub}, as {@link PemKeys#write} leaves them. */
    public static PemKeySigner read(Path prefix) {
        PemKeySigner signer = new PemKeySigner(new KeyPair(PemKeys.readPublic(prefix.resolveSibling(prefix.getFileName() + ".pub")),
                PemKeys.readPrivate(prefix.resolveSibling(prefix.getFileName() + ".key"))));
        // The .pub is what the gate trusts: a swapped or stale one must not silently become the trust anchor.
        byte[] challenge = java.util.UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (!EcdsaSignatures.verify(signer.publicKey, challenge, signer.sign(challenge))) {
            throw new IllegalArgumentException(prefix + ".pub is not the public half of " + prefix + ".key");
        }
        return signer;
    }

    @Override
    public byte[] sign(byte[] data) {
        return EcdsaSignatures.sign(privateKey, data);
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }
}
