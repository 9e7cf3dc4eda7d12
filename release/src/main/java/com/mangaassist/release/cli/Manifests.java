package com.mangaassist.release.cli;

import com.mangaassist.releasecontract.ReleaseManifest;
import com.mangaassist.releasecontract.ReleaseManifestCodec;
import com.mangaassist.shared.wire.Decoded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading a release manifest file, refused with its decoding error when it is not one. */
final class Manifests {

    private Manifests() {
    }

    static ReleaseManifest read(Path file) throws IOException {
        Decoded<ReleaseManifest> decoded = new ReleaseManifestCodec().decode(Files.readAllBytes(file));
        if (!decoded.isOk()) {
            throw new IllegalArgumentException(file + " is not a release manifest: " + decoded.error().message());
        }
        return decoded.value();
    }
}
