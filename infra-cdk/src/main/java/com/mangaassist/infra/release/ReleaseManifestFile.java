package com.mangaassist.infra.release;

import com.mangaassist.shared.release.ReleaseManifest;
import com.mangaassist.shared.release.ReleaseManifestCodec;
import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.WireError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the manifest {@code -c release=<path>} names, strictly, with the shared codec the release tool writes it with. */
public final class ReleaseManifestFile {

    private ReleaseManifestFile() {
    }

    public static ReleaseManifest read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InvalidReleaseException("Release manifest " + path.toAbsolutePath().normalize()
                    + " does not exist: pass -c release=<path> to a manifest written by `release build`.", e);
        } catch (IOException e) {
            throw new InvalidReleaseException("Release manifest " + path + " cannot be read: " + e.getMessage() + ".", e);
        }
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
