package com.mangaassist.localaws.signer;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs the Signer stand-in as a process for {@code release build --local --signer-endpoint …}:
 * {@code LocalSignerMain <artifacts dir> <port> <profile name>…} creates each profile (as the
 * artifacts stack would) and serves until killed.
 */
public final class LocalSignerMain {

    private LocalSignerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: LocalSignerMain <artifacts dir> <port> <signing profile>...");
            System.exit(2);
        }
        LocalSigner signer = LocalSigner.start(new LocalBuckets(Path.of(args[0])), Integer.parseInt(args[1]), Duration.ofMillis(300));
        for (int i = 2; i < args.length; i++) {
            signer.putSigningProfile(args[i], LocalSigner.LAMBDA_PLATFORM);
        }
        System.out.println("Signer stand-in (not AWS Signer) on " + signer.endpoint() + " over " + Path.of(args[0]).toAbsolutePath());
        Thread.currentThread().join();
    }
}
