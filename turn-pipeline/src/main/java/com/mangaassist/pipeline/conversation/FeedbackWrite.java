package com.mangaassist.pipeline.conversation;

import java.util.Objects;

/** What storing a caller's feedback on an answer did (ADR 0045). */
public sealed interface FeedbackWrite {

    /**
     * Stored on the answer, replacing what it held.
     *
     * @param message  the message as it now is, its answer rated
     * @param previous what the answer held before ({@code null}: nothing), so a resend of the same feedback is told
     *                 from a first rating or a change of mind
     */
    record Saved(StoredMessage message, StoredMessage.Feedback previous) implements FeedbackWrite {
        public Saved {
            Objects.requireNonNull(message, "message");
            if (message.answer() == null || message.answer().feedback() == null) {
                throw new IllegalArgumentException("a saved feedback is on its answer");
            }
        }

        /** Whether the answer now says something it did not (a first rating, or another rating or reason): not a mere resend. */
        public boolean changed() {
            return !message.answer().feedback().sameAs(previous);
        }
    }

    /** The caller's message has no answer to rate (pending, or failed): nothing was written. */
    record Unanswered(StoredMessage message) implements FeedbackWrite {
        public Unanswered {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * No message with this id in the caller's conversation: never sent, removed by retention, or another principal's —
     * which is the same, since conversations live under their principal (ADR 0019). Nothing was written.
     */
    record Missing() implements FeedbackWrite {
    }
}
