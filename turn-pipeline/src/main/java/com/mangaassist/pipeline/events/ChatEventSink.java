package com.mangaassist.pipeline.events;

import com.mangaassist.shared.wire.events.ChatEvent;
import java.util.List;

/** Where chat events go in batches (the Kinesis stream in production). */
public interface ChatEventSink {

    /**
     * Writes the batch; returns the events that were not accepted (a partial failure), to be retried
     * or counted as dropped. Throws when the whole batch failed.
     */
    List<ChatEvent> write(List<ChatEvent> batch) throws Exception;
}
