package com.mangaassist.overflow.batch;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** SQS events as Lambda delivers them, from the JSON fixtures under {@code src/test/resources/events}. */
final class SqsEvents {

    // Lambda's JSON spells "Records" and "eventSourceARN"; the event classes' setters do not.
    private static final JsonMapper JSON = JsonMapper.builder().enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private SqsEvents() {
    }

    static SQSEvent load(String name) {
        try (InputStream in = SqsEvents.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture events/" + name);
            }
            return JSON.readValue(in, SQSEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
