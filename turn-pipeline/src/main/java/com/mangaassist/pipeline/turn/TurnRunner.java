package com.mangaassist.pipeline.turn;


/** Runs an accepted message to its end, whatever runs it: {@link TurnPipeline} on both compute paths. */
@FunctionalInterface
public interface TurnRunner {

    /** Blocking; the returned outcome has already been told to the client (unless it is gone). */
    TurnOutcome run(TurnCommand command);
}
