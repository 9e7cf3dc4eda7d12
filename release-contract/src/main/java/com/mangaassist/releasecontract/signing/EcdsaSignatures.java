package com.mangaassist.releasecontract.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** ECDSA P-256 over SHA-256 with DER signatures (cosign's, DSSE's and AWS KMS's ECDSA_SHA_256), and PEM public keys. */
public final class EcdsaSignatures {

    private EcdsaSignatures() {
    }

    /** A fresh P-256 key pair (every JVM has the curve). */
    public static KeyPair generateP256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has P-256", e);
        }
    }

    /** The DER ECDSA signature of {@code data} (SHA-256) by {@code key}. */
    public static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initSign(key);
            ecdsa.update(data);
            return ecdsa.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign: " + e.getMessage(), e);
        }
    }

    /** Whether {@code signature} (DER) is {@code key}'s over {@code data}; a malformed signature verifies nothing. */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initVerify(key);
            ecdsa.update(data);
            return ecdsa.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A SubjectPublicKeyInfo {@code PUBLIC KEY} PEM block (what {@code cosign verify --key} reads). */
    public static PublicKey publicKeyFromPem(String pem) {
        String begin = "-----BEGIN PUBLIC KEY-----";
        String end = "-----END PUBLIC KEY-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no PUBLIC KEY PEM block");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to).getBytes(StandardCharsets.US_ASCII));
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an EC public key: " + e.getMessage(), e);
        }
    }
}
