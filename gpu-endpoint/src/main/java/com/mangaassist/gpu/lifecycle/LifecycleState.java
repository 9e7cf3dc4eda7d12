package com.mangaassist.gpu.lifecycle;

/** Process alive → model loaded → traffic ready, plus the terminal failure. */
public enum LifecycleState {
    /** The process is up; the model is loading. */
    LOADING_MODEL,
    /** The model is loaded; warmup shapes are running. */
    WARMING,
    /** Every warmup shape completed: traffic may come (subject to health). */
    READY,
    /** Loading or warmup failed; the process is about to exit. */
    FAILED
}
