package com.mangaassist.shared.wire.replies;

import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.ErrorCode;

/**
 * What a client shows for one of its messages.
 *
 * @param attempt     the attempt whose frames are shown (0 before any was accepted)
 * @param text        the answer so far, from the shown attempt's tokens in seq order only
 * @param code        for refused and failed messages, why
 * @param questionSeq the question's turn seq once known (0 before)
 * @param answerSeq   the answer's turn seq once done (0 before)
 * @param supersedes  how many earlier attempts this client saw replaced
 */
public record MessageView(String messageId, MessageStatus status, int attempt, String text, ErrorCode code, Long retryAfterMs,
                          long questionSeq, long answerSeq, Route route, int supersedes) {
}
