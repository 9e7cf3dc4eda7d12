package com.mangaassist.knowledge.embedding;

/** Turns text into a unit-length vector of {@link #dimensions()} floats. */
public interface TextEmbedder {

    float[] embed(String text);

    int dimensions();

    /** Names the model, so an index built with another one is never queried with this one's vectors. */
    String modelId();
}
