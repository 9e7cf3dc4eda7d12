package com.mangaassist.release.signing;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

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
        return new PemKeySigner(new KeyPair(PemKeys.readPublic(prefix.resolveSibling(prefix.getFileName() + ".pub")),
                PemKeys.readPrivate(prefix.resolveSibling(prefix.getFileName() + ".key"))));
    }

    @Override
    public byte[] sign(byte[] data) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initSign(privateKey);
            ecdsa.update(data);
            return ecdsa.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign: " + e.getMessage(), e);
        }
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    /** Whether {@code signature} (DER) is {@code key}'s over {@code data}. */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initVerify(key);
            ecdsa.update(data);
            return ecdsa.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a malformed signature verifies nothing
        }
    }
}
