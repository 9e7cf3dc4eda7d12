package com.mangaassist.planner.config;

/**
 * Input the planner refuses: a config, price table or trace that is malformed, incomplete or out
 * of range. The message names the file, the line or field, and what was expected, in one sentence.
 */
public final class PlannerInputException extends RuntimeException {

    public PlannerInputException(String message) {
        super(message);
    }

    public PlannerInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
