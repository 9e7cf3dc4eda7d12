package com.mangaassist.shared.domain;

/** Endpoint size classes: a small model for simple turns, a large one for complex turns. */
public enum ModelTier {
    SMALL,
    LARGE
}
