package com.mangaassist.shared.model;

/** Endpoint size classes: a small model for simple turns, a large one for complex turns. */
public enum ModelTier {
    SMALL,
    LARGE
}
