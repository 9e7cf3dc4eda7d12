// The client side of the reply contract (ADR 0019), mirrored line for line from shared's Java
// ReplyAssembler and held to the same golden transcripts (chat-client/src/test/resources/wire/replies),
// replayed by local-gateway's ReplyModelScriptTest. Per message: frames of a lower attempt than
// the one shown are dropped; the first frame of a higher attempt throws away what the lower one
// showed and starts over; within an attempt frames apply in seq order (early ones wait, repeats are
// dropped) and nothing applies after its terminal frame. A refusal only settles a message that was
// never accepted. A duplicate refusal says the message already ended on the server: for a message
// the client still waits on (its done or error was lost) it asks for a resume (resumeWanted, on the
// view and the model), whose stored turns then settle it. So the user always sees one attempt's
// text, never two spliced. Whether an answer
// was grounded, and on what, comes only from its attempt's done (grounded stays null until one
// says): a resume settles an answer without saying, so it leaves what a done said as it was.
// A rating (ADR 0045) belongs to the message, not to an attempt: feedbackSaved sets it (for a
// message this model holds), and so does a resumed answer that carries one (a stored rating is only
// replaced, never removed). The refusal of a feedback names a message whose ending is known here,
// so it changes nothing.
// The caller's token usage against its budgets (ADR 0046) belongs to no message: the model holds the
// latest it was told (quota()), by a usage report or by the done that ends an answer (a repeated or
// superseded one is dropped like its other frames, so it never brings back an older figure; a done
// without one leaves it as it was). A quota_exceeded refusal ends its message refused like any
// refusal, but not retryable (view.retryable): its budget starts again only at the reset its
// retryAfterMs names, so nothing sends it on its own.
(function (root) {
  const SETTLED = new Set(['refused', 'done', 'failed']);
  // Refusals that hold only for now (the server was busy, the caller too quick; nothing stored): sent again after retryAfterMs.
  const RETRYABLE = new Set(['busy', 'rate_limited']);

  function createReplyModel() {
    const replies = new Map();
    let highestSeq = 0;
    let quota = null;

    function reply(messageId) {
      if (!replies.has(messageId)) {
        replies.set(messageId, {
          messageId, status: 'sent', attempt: 0, nextSeq: 1, early: new Map(), text: '', code: null,
          retryAfterMs: null, questionSeq: 0, answerSeq: 0, route: null, supersedes: 0, usage: null, truncated: false, turnsDropped: 0,
          grounded: null, sources: [], resumeWanted: false, rating: null,
        });
      }
      return replies.get(messageId);
    }

    function view(r) {
      return {
        messageId: r.messageId, status: r.status, attempt: r.attempt, text: r.text, code: r.code, retryAfterMs: r.retryAfterMs,
        questionSeq: r.questionSeq, answerSeq: r.answerSeq, route: r.route, supersedes: r.supersedes, usage: r.usage,
        truncated: r.truncated, turnsDropped: r.turnsDropped, grounded: r.grounded, sources: r.sources, resumeWanted: r.resumeWanted,
        rating: r.rating, retryable: r.status === 'refused' && RETRYABLE.has(r.code),
      };
    }

    function startAttempt(r, attempt) {
      if (r.attempt > 0) r.supersedes++;
      r.attempt = attempt;
      r.nextSeq = 1;
      r.early = new Map();
      r.text = '';
      r.status = 'accepted';
      r.code = null;
      r.retryAfterMs = null;
      r.answerSeq = 0;
      r.route = null;
      r.usage = null;
      r.grounded = null;
      r.sources = [];
    }

    function render(r, frame) {
      if (frame.type === 'token') {
        r.text += frame.text;
        r.status = 'streaming';
      } else if (frame.type === 'done') {
        r.status = 'done';
        r.resumeWanted = false;
        r.answerSeq = frame.turnSeq;
        r.route = frame.route;
        r.usage = frame.usage;
        r.truncated = frame.truncated;
        r.turnsDropped = frame.turnsDropped;
        // A done from a server older than grounded answers says nothing either way: show nothing.
        r.grounded = frame.grounded ?? null;
        r.sources = frame.sources ?? [];
        if (frame.quota != null) quota = frame.quota; // the caller's usage with this answer charged
        highestSeq = Math.max(highestSeq, frame.turnSeq);
      } else if (frame.type === 'error') {
        r.status = 'failed';
        r.resumeWanted = false;
        r.code = frame.code;
        r.retryAfterMs = frame.retryAfterMs ?? null;
      }
    }

    function refused(frame) {
      if (!frame.messageId) return null;
      // Not a message this model holds (a client registers its sends through sent()): the refusal
      // of a feedback about one it does not hold never starts a message that waits forever.
      if (!replies.has(frame.messageId)) return null;
      const r = replies.get(frame.messageId);
      // Its ending is known here: a resend that crossed it changes nothing.
      if (r.status === 'done' || r.status === 'failed') return null;
      // It ended on the server, and this client never heard how: only a resume can say.
      if (frame.code === 'duplicate') r.resumeWanted = true;
      // Accepted once: a refusal of a resend never overrides its attempt.
      if (r.status !== 'sent' && r.status !== 'refused') return frame.code === 'duplicate' ? view(r) : null;
      r.status = 'refused';
      r.code = frame.code;
      r.retryAfterMs = frame.retryAfterMs ?? null;
      return view(r);
    }

    function resumed(frame) {
      for (const r of replies.values()) r.resumeWanted = false;
      const answers = new Map();
      for (const turn of frame.turns) {
        highestSeq = Math.max(highestSeq, turn.seq);
        if (turn.role === 'assistant' && turn.messageId) answers.set(turn.messageId, turn);
      }
      for (const turn of frame.turns) {
        if (turn.role !== 'user' || !turn.messageId) continue;
        const r = reply(turn.messageId);
        r.questionSeq = turn.seq;
        const answer = answers.get(turn.messageId);
        if (turn.state === 'answered' && answer) {
          r.status = 'done';
          r.text = answer.text;
          r.code = null;
          r.early = new Map();
          r.resumeWanted = false;
          r.answerSeq = answer.seq;
          r.route = answer.route;
          // The stored answer's size: what the page shows as its token count after a reload.
          if (answer.tokens != null && !r.usage) r.usage = { promptTokens: null, completionTokens: answer.tokens };
          // The user's stored rating: what the page shows as their choice after a reload.
          if (answer.rating != null) r.rating = answer.rating;
        } else if (turn.state === 'failed') {
          r.status = 'failed';
          r.code = turn.code;
          r.early = new Map();
        } else if (r.status === 'sent' || r.status === 'refused') {
          r.status = 'accepted'; // stored and pending: whatever refused a send of it no longer holds
          r.code = null;
          r.retryAfterMs = null;
        }
      }
    }

    return {
      sent(messageId) {
        const r = reply(messageId);
        if (r.status === 'refused') {
          r.status = 'sent';
          r.code = null;
          r.retryAfterMs = null;
        }
        return view(r);
      },

      // Applies one frame; the view of the message it changed, or null when it changed none.
      apply(frame) {
        if (frame.type === 'resumed') {
          resumed(frame);
          return null;
        }
        if (frame.type === 'usage') {
          quota = frame.quota; // the caller's, not a message's
          return null;
        }
        if (frame.type === 'error' && frame.attempt == null) return refused(frame);
        if (frame.type === 'feedbackSaved') {
          // Only a message this model holds was rated from here: a confirmation of another never starts one that waits forever.
          if (!replies.has(frame.messageId)) return null;
          const rated = replies.get(frame.messageId);
          rated.rating = frame.rating;
          return view(rated);
        }
        if (!['ack', 'token', 'done', 'error'].includes(frame.type) || !frame.messageId) return null;
        const r = reply(frame.messageId);
        if (frame.attempt < r.attempt) return null;
        if (frame.attempt > r.attempt) startAttempt(r, frame.attempt);
        if (frame.type === 'ack') {
          r.questionSeq = frame.turnSeq;
          highestSeq = Math.max(highestSeq, frame.turnSeq);
          return view(r);
        }
        if (frame.seq < r.nextSeq || SETTLED.has(r.status)) return null;
        r.early.set(frame.seq, frame);
        while (!SETTLED.has(r.status) && r.early.has(r.nextSeq)) {
          const next = r.early.get(r.nextSeq);
          r.early.delete(r.nextSeq);
          r.nextSeq++;
          render(r, next);
        }
        return view(r);
      },

      view(messageId) {
        return replies.has(messageId) ? view(replies.get(messageId)) : null;
      },

      views() {
        return [...replies.values()].map(view);
      },

      // Messages sent or accepted that have no ending yet: what to send again after a reconnect or a long silence.
      unsettled() {
        return [...replies.values()].filter((r) => !SETTLED.has(r.status)).map((r) => r.messageId);
      },

      // Whether to send resume now: a message this client still waits on was refused as duplicate since the last resumed.
      resumeWanted() {
        return [...replies.values()].some((r) => r.resumeWanted);
      },

      // resume.lastSeq: just below the oldest unsettled question, else the highest seq seen, else null (the recent window).
      resumeCursor() {
        let cursor = Infinity;
        for (const r of replies.values()) {
          if (!SETTLED.has(r.status) && r.questionSeq > 0) cursor = Math.min(cursor, r.questionSeq - 1);
        }
        if (cursor !== Infinity) return cursor;
        return highestSeq === 0 ? null : highestSeq;
      },

      // The caller's token usage against its daily and monthly budgets as the server last said it (a usage report, or
      // with an answer's done), as on the wire: { day: { used, limit?, resetsAt }, month: {...} }; null while neither said one.
      quota() {
        return quota;
      },

      forget(messageId) {
        replies.delete(messageId);
      },
    };
  }

  root.MangaAssistReplies = { createReplyModel, SETTLED, RETRYABLE };
})(typeof globalThis !== 'undefined' ? globalThis : window);
