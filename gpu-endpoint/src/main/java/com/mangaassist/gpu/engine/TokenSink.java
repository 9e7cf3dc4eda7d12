package com.mangaassist.gpu.engine;

/** Receives generated text as it is produced. */
@FunctionalInterface
public interface TokenSink {

    /** @return false to stop generation (the caller went away); the engine then finishes as cancelled */
    boolean onToken(String text);

    TokenSink DISCARD = text -> true;
}
