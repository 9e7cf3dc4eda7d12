package com.mangaassist.shared.wire.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.mangaassist.shared.domain.ModelTier;
import com.mangaassist.shared.domain.Rating;
import java.util.Objects;

/**
 * A rating of one answer, for analytics (ADR 0045): up or down, whether the user wrote a reason,
 * and which model tier generated the answer (the event's {@code route} says which path). Never the
 * reason's text, nor the answer's: the stream carries shapes, not words.
 *
 * @param tier the tier that generated the rated answer; {@code null} for answers stored before answers kept it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeedbackFigures(Rating rating, boolean reasonGiven, ModelTier tier) {

    public FeedbackFigures {
        Objects.requireNonNull(rating, "rating");
    }
}
