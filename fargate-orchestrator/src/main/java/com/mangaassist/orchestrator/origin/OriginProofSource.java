package com.mangaassist.orchestrator.origin;

/** Where the valid origin proofs are read from: the Secrets Manager secret in AWS, a fixed value locally. */
@FunctionalInterface
public interface OriginProofSource {

    /** The values valid now; throws when the source cannot be read (the caller keeps what it had). */
    OriginProofs read();
}
