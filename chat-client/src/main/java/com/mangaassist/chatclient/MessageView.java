package com.mangaassist.chatclient;

import com.mangaassist.shared.domain.Rating;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.server.Source;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a client shows for one of its messages.
 *
 * @param attempt     the attempt whose frames are shown (0 before any was accepted)
 * @param text        the answer so far, from the shown attempt's tokens in seq order only
 * @param code        for refused and failed messages, why
 * @param questionSeq the question's turn seq once known (0 before)
 * @param answerSeq   the answer's turn seq once done (0 before)
 * @param supersedes  how many earlier attempts this client saw replaced
 * @param grounded    from the shown attempt's {@code done}: whether the answer had store context;
 *                    {@code null} while no {@code done} answered it (also when only a resume settled
 *                    it: stored turns do not say), so a client claims nothing it was not told
 * @param sources     from the shown attempt's {@code done}: what the answer cites as [1], [2]… in
 *                    this order; empty otherwise
 * @param resumeWanted the server refused a send of this message as {@code duplicate} (it already
 *                     ended there, e.g. its {@code done} was lost) while the client still waits on it:
 *                     only a {@code resume} can say how it ended; cleared by the next {@code resumed}
 * @param rating       the user's rating of the answer as the server last confirmed it ({@code feedbackSaved}) or
 *                     stored it (a {@code resumed} answer's); {@code null} while neither said one (ADR 0045)
 */
public record MessageView(String messageId, MessageStatus status, int attempt, String text, ErrorCode code, Long retryAfterMs,
                          long questionSeq, long answerSeq, Route route, int supersedes, Boolean grounded, List<Source> sources,
                          boolean resumeWanted, Rating rating) {

    /** Refusals that hold only for now: the server was busy or the caller too quick, and nothing was stored. */
    private static final Set<ErrorCode> RETRYABLE = EnumSet.of(ErrorCode.BUSY, ErrorCode.RATE_LIMITED);

    public MessageView {
        sources = List.copyOf(sources);
    }

    /**
     * Refused for now only ({@code busy}, {@code rate_limited}): the same message may be sent again once
     * {@link #retryAfterMs()} passed. Any other refusal is final for that send — {@code quota_exceeded} included: its
     * {@code retryAfterMs} says when the spent budget starts again, and a send before then is refused the same way —
     * so a client shows it as not sent and sends it again only when the user asks.
     */
    public boolean retryable() {
        return status == MessageStatus.REFUSED && RETRYABLE.contains(code);
    }

    /** A view of an answer nobody rated. */
    public MessageView(String messageId, MessageStatus status, int attempt, String text, ErrorCode code, Long retryAfterMs,
                       long questionSeq, long answerSeq, Route route, int supersedes, Boolean grounded, List<Source> sources,
                       boolean resumeWanted) {
        this(messageId, status, attempt, text, code, retryAfterMs, questionSeq, answerSeq, route, supersedes, grounded, sources, resumeWanted, null);
    }

    /** A view that asks for no resume. */
    public MessageView(String messageId, MessageStatus status, int attempt, String text, ErrorCode code, Long retryAfterMs,
                       long questionSeq, long answerSeq, Route route, int supersedes, Boolean grounded, List<Source> sources) {
        this(messageId, status, attempt, text, code, retryAfterMs, questionSeq, answerSeq, route, supersedes, grounded, sources, false, null);
    }

    /** A view no {@code done} answered (yet): for clients that build one by hand, e.g. a message never sent. */
    public MessageView(String messageId, MessageStatus status, int attempt, String text, ErrorCode code, Long retryAfterMs,
                       long questionSeq, long answerSeq, Route route, int supersedes) {
        this(messageId, status, attempt, text, code, retryAfterMs, questionSeq, answerSeq, route, supersedes, null, List.of(), false, null);
    }
}
