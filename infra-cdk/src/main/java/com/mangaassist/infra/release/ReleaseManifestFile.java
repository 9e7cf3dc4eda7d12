package com.mangaassist.infra.release;

import com.mangaassist.releasecontract.ReleaseManifest;
import com.mangaassist.infra.config.ContextKeys;
import com.mangaassist.releasecontract.ReleaseManifestCodec;
import com.mangaassist.releasecontract.SignedReleaseManifest;
import com.mangaassist.releasecontract.signing.EcdsaSignatures;
import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.WireError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;

/**
 * Reads the manifest {@code -c release=<path>} names: a DSSE envelope that the release key
 * ({@code -c releaseKey=<pem>}) signed when the release passed the promotion gate, holding a
 * manifest the shared codec decodes strictly. A plain manifest straight from {@code release build},
 * an envelope signed by another key, or one edited after signing never becomes a template.
 */
public final class ReleaseManifestFile {

    private ReleaseManifestFile() {
    }

    public static ReleaseManifest read(Path path, Path publicKeyFile) {
        PublicKey trusted = trustedKey(publicKeyFile);
        byte[] signed = bytes(path);
        SignedReleaseManifest.Read read = SignedReleaseManifest.read(signed, trusted);
        if (read instanceof SignedReleaseManifest.Unsigned) {
            throw new InvalidReleaseException("Release manifest " + path + " is not signed: deploy the signed manifest `release promote` "
                    + "(or `release rollback`) wrote, not the one `release build` wrote; only a promoted release deploys.");
        }
        if (!(read instanceof SignedReleaseManifest.Verified verified)) {
            throw new InvalidReleaseException("Release manifest " + path + " is signed, but its signature does not verify with the release key "
                    + publicKeyFile + " (-c " + ContextKeys.RELEASE_KEY + "): it was edited after promotion, or promoted with another key.");
        }
        byte[] bytes = verified.manifestBytes();
        return decode(path, bytes);
    }

    private static PublicKey trustedKey(Path publicKeyFile) {
        if (publicKeyFile == null) {
            throw new InvalidReleaseException("-c " + ContextKeys.RELEASE_KEY + "=<path to the release key's .pub> is required with -c "
                    + ContextKeys.RELEASE + ": the platform deploys only a manifest that key signed.");
        }
        try {
            return EcdsaSignatures.publicKeyFromPem(Files.readString(publicKeyFile, StandardCharsets.US_ASCII));
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidReleaseException("-c " + ContextKeys.RELEASE_KEY + "=" + publicKeyFile + " is not a readable PEM public key: "
                    + e.getMessage() + ".", e);
        }
    }

    private static byte[] bytes(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InvalidReleaseException("Release manifest " + path.toAbsolutePath().normalize()
                    + " does not exist: pass -c release=<path> to the signed manifest `release promote` wrote.", e);
        } catch (IOException e) {
            throw new InvalidReleaseException("Release manifest " + path + " cannot be read: " + e.getMessage() + ".", e);
        }
    }

    private static ReleaseManifest decode(Path path, byte[] bytes) {
        Decoded<ReleaseManifest> decoded = new ReleaseManifestCodec().decode(bytes);
        if (!decoded.isOk()) {
            WireError error = decoded.error();
            String where = error.field() == null ? "" : " at field " + error.field();
            throw new InvalidReleaseException("Release manifest " + path + " is not a valid release manifest" + where + ": "
                    + error.message() + ".");
        }
        return decoded.value();
    }
}
