package com.mangaassist.release.cli;

import com.mangaassist.release.signing.PemKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code release keygen}: a P-256 key pair as PEM ({@code <prefix>.key}, mode 600, and {@code <prefix>.pub}). */
@Command(name = "keygen", mixinStandardHelpOptions = true, description = "Makes a P-256 signing key pair (PEM).")
final class KeygenCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "prefix of the files to write")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path pub = out.resolveSibling(out.getFileName() + ".pub");
        if (Files.exists(pub)) {
            throw new IllegalArgumentException(pub + " exists: refusing to replace a signing key");
        }
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        PemKeys.write(PemKeys.generate(), out);
        System.out.println("wrote " + out + ".key and " + pub);
        return 0;
    }
}
