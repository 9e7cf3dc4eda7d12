package com.mangaassist.gpu.startup;


/**
 * Ends the process when the endpoint cannot become ready, so SageMaker replaces the instance
 * instead of leaving a cold one registered. Tests replace it to observe the exit.
 */
public interface ProcessTerminator {

    /**
     * @param event  the structured event logged and counted before exiting
     *               ({@code model_load_failure}, {@code warmup_timeout})
     */
    void terminate(int exitCode, String event, String detail);
}
