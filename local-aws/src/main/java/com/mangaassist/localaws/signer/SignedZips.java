package com.mangaassist.localaws.signer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * What the Signer stand-in writes: the source zip's entries unchanged plus one entry,
 * {@value #SIGNATURE_ENTRY}, holding the profile, the job and an ECDSA P-384 signature over the
 * source zip's SHA-384 by the stand-in's own throwaway key. AWS Signer embeds its own signature
 * format, which Lambda verifies; this one is only for telling signed from unsigned here. Like
 * Signer, it refuses a zip that is empty, malformed or already signed.
 */
public final class SignedZips {

    public static final String SIGNATURE_ENTRY = "META-INF/local-signer-stand-in.signature.json";

    private SignedZips() {
    }

    static byte[] sign(byte[] zip, String profile, String profileVersion, String jobId, KeyPair key) {
        if (zip.length == 0) {
            throw new UnsignableException("Signing failed: the zip file is empty");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(zip.length + 1024);
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip)); ZipOutputStream signed = new ZipOutputStream(out)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().equals(SIGNATURE_ENTRY)) {
                    throw new UnsignableException("Signing failed: the zip file already has a signature");
                }
                signed.putNextEntry(new ZipEntry(entry.getName()));
                in.transferTo(signed);
                signed.closeEntry();
                entries++;
            }
            if (entries == 0) {
                throw new UnsignableException("Signing failed: the file is not a zip file or holds no entries");
            }
            signed.putNextEntry(new ZipEntry(SIGNATURE_ENTRY));
            signed.write(signature(zip, profile, profileVersion, jobId, key));
            signed.closeEntry();
        } catch (ZipException e) {
            throw new UnsignableException("Signing failed: the zip file is malformed (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UnsignableException("Signing failed: " + e.getMessage());
        }
        return out.toByteArray();
    }

    /** Whether {@code zip} carries the stand-in's signature entry. */
    public static boolean signedByStandIn(byte[] zip) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().equals(SIGNATURE_ENTRY)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] signature(byte[] zip, String profile, String profileVersion, String jobId, KeyPair key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-384").digest(zip);
            Signature ecdsa = Signature.getInstance("SHA384withECDSA");
            ecdsa.initSign(key.getPrivate());
            ecdsa.update(digest);
            return ("{\"standIn\":\"not AWS Signer\",\"profileName\":\"" + profile + "\",\"profileVersion\":\"" + profileVersion + "\",\"jobId\":\""
                    + jobId + "\",\"sha384\":\"" + HexFormat.of().formatHex(digest) + "\",\"signature\":\""
                    + Base64.getEncoder().encodeToString(ecdsa.sign()) + "\"}").getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signer fails the job for this zip. */
    static final class UnsignableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsignableException(String message) {
            super(message);
        }
    }
}
