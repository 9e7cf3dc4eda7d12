package com.mangaassist.infra;

import com.mangaassist.releasecontract.SignedReleaseManifest;
import com.mangaassist.releasecontract.signing.Dsse;
import com.mangaassist.releasecontract.signing.EcdsaSignatures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;

/**
 * A release key for synthesizing in tests: signs fixture manifests as {@code release promote} does
 * (a DSSE envelope of the manifest's bytes) and writes its public half as the PEM {@code -c releaseKey} names.
 */
public final class TestReleaseKey {

    private static final KeyPair KEY = generate();
    private static Path publicKeyFile;

    private TestReleaseKey() {
    }

    public static synchronized Path publicKeyFile() {
        if (publicKeyFile == null) {
            publicKeyFile = write("release-key-", ".pub", pem(KEY).getBytes(StandardCharsets.US_ASCII));
        }
        return publicKeyFile;
    }

    /** {@code manifest}'s bytes, as they are, signed by this key (so a broken manifest stays broken inside a valid signature). */
    public static Path signed(Path manifest) {
        return signed(manifest, KEY);
    }

    public static Path signed(Path manifest, KeyPair key) {
        try {
            return write("signed-manifest-", ".json", Dsse.envelope(SignedReleaseManifest.PAYLOAD_TYPE, Files.readAllBytes(manifest), pae -> sign(key, pae)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static KeyPair generate() {
        return EcdsaSignatures.generateP256();
    }

    private static byte[] sign(KeyPair key, byte[] data) {
        return EcdsaSignatures.sign(key.getPrivate(), data);
    }

    private static String pem(KeyPair key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static Path write(String prefix, String suffix, byte[] content) {
        try {
            Path file = Files.createTempFile(prefix, suffix);
            file.toFile().deleteOnExit();
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
