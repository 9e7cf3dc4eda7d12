package com.mangaassist.shared.wire.inference;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.server.Usage;
import java.util.Objects;

/**
 * One line of the streaming response (JSON lines over a chunked body, which SageMaker forwards as
 * PayloadPart events). A stream is zero or more {@link TokenChunk}s then exactly one
 * {@link EndChunk} or {@link ErrorChunk}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = InferenceChunk.TokenChunk.class, name = "token"),
    @JsonSubTypes.Type(value = InferenceChunk.EndChunk.class, name = "end"),
    @JsonSubTypes.Type(value = InferenceChunk.ErrorChunk.class, name = "error")
})
public sealed interface InferenceChunk {

    /** Generated text; {@code index} counts chunks from 0 so a consumer can detect gaps. */
    @JsonTypeName("token")
    record TokenChunk(long index, String text) implements InferenceChunk {
        public TokenChunk {
            Objects.requireNonNull(text, "text");
        }
    }

    @JsonTypeName("end")
    record EndChunk(FinishReason finishReason, Usage usage, boolean wasTruncated, int turnsDropped, boolean degraded)
            implements InferenceChunk {
        public EndChunk {
            Objects.requireNonNull(finishReason, "finishReason");
            Objects.requireNonNull(usage, "usage");
        }
    }

    /** The stream failed; {@code afterTokens} tells the consumer whether anything reached the user. */
    @JsonTypeName("error")
    record ErrorChunk(ErrorCode code, String message, boolean afterTokens) implements InferenceChunk {
        public ErrorChunk {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }
}
