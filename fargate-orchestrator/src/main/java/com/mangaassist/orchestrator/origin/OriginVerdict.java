package com.mangaassist.orchestrator.origin;

/** What an integration call's origin proof turned out to be. */
public enum OriginVerdict {
    /** The current value: the call came through this platform's API stage. */
    CURRENT,
    /** The value a rotation replaced, within the overlap: still this platform's stage, mapping the old value. */
    PREVIOUS,
    /** No proof header at all. */
    MISSING,
    /** A value that is neither, or the previous one after its overlap ended. */
    UNKNOWN;

    public boolean accepted() {
        return this == CURRENT || this == PREVIOUS;
    }
}
