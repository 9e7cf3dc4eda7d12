// MangaAssist local chat page. Replies follow the attempt contract through reply-model.js (ADR 0019):
// a later attempt replaces what an earlier one showed, frames apply in seq order, nothing shows twice.
// What the page sends it keeps (localStorage) until the message ends, across reloads: after a
// reconnect it resumes the conversation and sends again what is still unsettled, and it sends
// again a message that was never acknowledged, or that went silent for longer than an answer
// may legitimately take (its task may have died), with the same messageId, so the server takes it
// over instead of storing it twice. A resend refused as duplicate means the message already ended
// on the server (its done was lost): the page resumes, and the stored turns show how it ended.
// The socket reconnects with exponential backoff (100 ms -> 5 s).
// The outbox is shared by every tab of the conversation (localStorage): each entry names the tab
// that sent it, and a tab sends again only its own entries, or those of a tab that is gone. A tab
// says it is alive by a heartbeat in localStorage (mangaassist.tab.<id>: when it last beat),
// refreshed every HEARTBEAT_MS and removed when the tab closes or reloads (pagehide); an owner
// whose heartbeat is missing or older than TAB_GONE_MS is gone, and the first tab to see it
// takes its entries over. So two tabs never send one message against each other (each resend
// would take the answer away from the other's connection), and a closed tab's messages are taken
// over at once, a crashed one's within TAB_GONE_MS.
// An entry is sent at most MAX_SENDS times and not after ANSWER_DEADLINE_MS: then the page stops,
// marks the question "not sent — tap to retry" and sends it again only when tapped.
// Messages are drawn in conversation order, each answer right under its question.
// Everything the server sends (answers, source titles, codes) is data: the page builds its DOM with
// textContent and never parses server text as HTML.
// Each answered message has 👍/👎 (ADR 0045): a click sends `feedback` for it and marks the button
// pending; the choice shows once the server confirms it (`feedbackSaved`), and after a reload from
// the rating `resume` returns with the answer. A refused rating is said beside the buttons, and the
// choice stays what the server last confirmed; one still unconfirmed when the socket closes is said
// not saved, since no answer for it can come. Clicking again, or the other one, sends again: the
// server keeps one rating per answer, the latest.
// Token budgets (ADR 0046): once the socket opens the page asks for the caller's usage (`usage`), and
// the header's usage line shows it ("Today 12,736 / 200,000 tokens · resets 00:00 UTC"; just the
// count where there is no budget), updated from every usage report and every done that carries one.
// A message refused `quota_exceeded` stored nothing and would be refused again until the budget
// starts again: it leaves the outbox (nothing sends it on its own, unlike busy or rate_limited) and
// shows as not sent, with why and when the budget starts again.
// Sign-in: the page learns where to connect and how to sign in from config.json next to index.html
// ({"webSocketUrl", "auth": {"mode": "dev"}} or {"webSocketUrl", "auth": {"mode": "oidc", issuer, clientId, scope}}).
// Mode dev (also where config.json is missing or names no auth, as an older local gateway serves it)
// connects with the dev token typed in the footer, to config's webSocketUrl or else this host's /ws.
// Mode oidc signs in through auth.js (OIDC code flow with PKCE; tokens in memory only), hides the dev
// token, shows who is signed in with a Log out button, and connects with the current ID token: a
// reconnect asks auth.js again, which refreshes it or sends the user through login again. Each user's
// conversation (and so its outbox) is their own: another user signing in on this browser never sends
// what the first left unsent.
(() => {
  const log = document.getElementById('log');
  const status = document.getElementById('status');
  const text = document.getElementById('text');
  const principal = document.getElementById('principal');
  const principalField = document.getElementById('principal-field');
  const account = document.getElementById('account');
  const userName = document.getElementById('user');
  const logoutButton = document.getElementById('logout');
  const signin = document.getElementById('signin');
  const signinMessage = document.getElementById('signin-message');
  const loginButton = document.getElementById('login');
  const conversationField = document.getElementById('conversation');
  const language = document.getElementById('language');
  const usageLine = document.getElementById('usage');
  const ERRORS = {
    busy: 'The assistant is busy right now.',
    rate_limited: 'You are sending messages too quickly.',
    expired: 'That message waited too long to be answered. Please send it again.',
    frame_too_large: 'That message is too large to send.',
    text_too_long: 'That message is too long (4,000 characters at most).',
    invalid_text: 'That message holds characters that cannot be sent.',
    duplicate: 'That message was already answered.',
    model_unavailable: 'The model is unavailable right now. Please try again.',
    capacity_limit: 'The model is out of capacity for a request this large.',
    internal: 'The assistant failed to answer. Please send it again.',
    unauthorized: 'You are not signed in.',
    unknown_message: 'That message is no longer stored.',
    not_answered: 'That message has no answer to rate yet.',
    quota_exceeded: 'Your token budget is used up.',
  };
  // What the buttons under an answer send, show and say to a screen reader.
  const RATINGS = [['up', '👍', 'Good answer'], ['down', '👎', 'Bad answer']];
  // Refusals the same message may be sent again after (the server stored nothing): busy and rate_limited, not quota_exceeded
  // (a send before its budget starts again is refused the same way).
  const { RETRYABLE } = MangaAssistReplies;
  const COUNT = new Intl.NumberFormat('en-US');
  const DAY_MS = 86400000;
  const UNACKED_RESEND_MS = 5000;
  const MAX_SENDS = 8;
  // TurnTimings.defaults().answerDeadline() in shared/src/main/java/com/mangaassist/shared/contract/TurnTimings.java
  // (queued lease 360 s + longest turn 70 s): past it a stored message that has not started fails `expired`, so the
  // page no longer sends it on its own. Keep the two equal.
  const ANSWER_DEADLINE_MS = 430000;
  const HEARTBEAT_MS = 5000;
  // Longer than a hidden tab's timers may sleep (browsers run them at most once a minute after a while in the
  // background), so a live tab in the background is never taken for gone.
  const TAB_GONE_MS = 75000;
  let clientSilenceMs = 30000; // TurnTimings.clientSilence: the local gateway's /config.json says the stack's value

  let socket = null;
  let socketEpoch = 0; // which socket a message was last sent on: a resume takes over only what an earlier socket sent
  let backoff = 100;
  let resumePending = false;
  let resumeSentAt = 0;
  const RESUME_RETRY_MS = 5000;
  let model = MangaAssistReplies.createReplyModel();
  const tabId = newId('t');
  let lastBeat = 0;
  // Where this browser keeps the conversation it is in: one for the dev page; one per signed-in user in mode oidc.
  let conversationKey = 'mangaassist.conversation';
  let conversationId = localStorage.getItem(conversationKey) || newId('c');
  localStorage.setItem(conversationKey, conversationId);
  conversationField.value = conversationId;
  let webSocketUrl = null; // config.json's; else this host's /ws
  let oidc = null; // auth.js's client in mode oidc; null in mode dev
  let signingOut = false; // no reconnect once the user logs out
  const elements = new Map(); // messageId -> {exchange, user, assistant}: the exchange holds the question and, under it, its answer
  const activity = new Map(); // messageId -> {lastFrameAt, lastSentAt, retryAt, epoch}; how often it was sent is in its outbox entry
  const ratingsSent = new Map(); // messageId -> the rating sent and not yet confirmed or refused
  const budgetBack = new Map(); // messageId refused quota_exceeded -> when its budget starts again (ms), fixed when the refusal came
  let quota = null; // the caller's usage as last said (the principal's, not the conversation's: kept when the model is replaced)

  // The answer's language follows what the user wrote (kana or kanji: Japanese), unless they chose one.
  function localeOf(body) {
    if (language && language.value) return language.value;
    return /[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/.test(body) ? 'ja' : 'en';
  }

  function newId(prefix) {
    return prefix + '-' + (crypto.randomUUID ? crypto.randomUUID() : Math.random().toString(36).slice(2));
  }

  function outboxKey() {
    return 'mangaassist.outbox.' + conversationId;
  }

  function outbox() {
    try { return JSON.parse(localStorage.getItem(outboxKey()) || '[]'); } catch (e) { return []; }
  }

  function saveOutbox(entries) {
    localStorage.setItem(outboxKey(), JSON.stringify(entries));
  }

  // Changes one entry as stored now (another tab may have changed the others); the entry, or null when it is gone.
  function updateEntry(messageId, change) {
    const entries = outbox();
    const entry = entries.find((e) => e.messageId === messageId);
    if (!entry) return null;
    change(entry);
    saveOutbox(entries);
    return entry;
  }

  function settle(messageId) {
    saveOutbox(outbox().filter((m) => m.messageId !== messageId));
    activity.delete(messageId);
    clearUnsent(messageId);
  }

  function heartbeatKey(id) {
    return 'mangaassist.tab.' + id;
  }

  function beat() {
    lastBeat = Date.now();
    localStorage.setItem(heartbeatKey(tabId), String(lastBeat));
  }

  function ownerAlive(owner) {
    if (owner === tabId) return true;
    const at = owner ? Number(localStorage.getItem(heartbeatKey(owner))) : 0;
    return at > 0 && Date.now() - at <= TAB_GONE_MS;
  }

  // Whether this tab may send the entry: its own, or one whose tab is gone (closed, reloaded, crashed), which it takes over.
  function own(entry) {
    if (entry.owner === tabId) return true;
    if (ownerAlive(entry.owner)) return false;
    if (entry.owner) localStorage.removeItem(heartbeatKey(entry.owner));
    updateEntry(entry.messageId, (e) => { e.owner = tabId; e.createdAt ??= Date.now(); });
    entry.owner = tabId;
    entry.createdAt ??= Date.now();
    return true;
  }

  // Sent MAX_SENDS times, or older than the server would still answer: sent again only when the user asks.
  function expired(entry) {
    return (entry.sends || 0) >= MAX_SENDS || Date.now() - (entry.createdAt ?? Date.now()) > ANSWER_DEADLINE_MS;
  }

  function giveUp(entry) {
    updateEntry(entry.messageId, (e) => { e.unsent = true; });
    entry.unsent = true;
    activity.delete(entry.messageId);
    showUnsent(entry);
  }

  function showUnsent(entry) {
    const m = message(entry.messageId, entry.text);
    m.user.classList.add('unsent');
    const view = model.view(entry.messageId);
    const accepted = view && !['sent', 'refused'].includes(view.status);
    let retry = m.user.querySelector('.retry');
    if (!retry) {
      retry = el('button', 'retry');
      retry.type = 'button';
      retry.addEventListener('click', () => retrySend(entry.messageId));
      m.user.appendChild(retry);
    }
    retry.textContent = accepted ? 'No answer came — tap to retry' : 'Not sent — tap to retry';
    if (m.assistant && accepted) meta(m.assistant, el('small', null, 'The answer stopped arriving.'));
  }

  function clearUnsent(messageId) {
    const m = elements.get(messageId);
    if (!m) return;
    m.user.classList.remove('unsent');
    const retry = m.user.querySelector('.retry');
    if (retry) retry.remove();
  }

  // The user tapped "tap to retry": a fresh budget of sends. Past the answer deadline its id could only end `expired`
  // (the server fails a stored message that old instead of answering it), so it is asked again as a new message.
  function retrySend(messageId) {
    const entry = outbox().find((e) => e.messageId === messageId);
    if (!entry) return;
    let again;
    if (Date.now() - (entry.createdAt ?? 0) > ANSWER_DEADLINE_MS) {
      again = { messageId: newId('m'), text: entry.text, locale: entry.locale, owner: tabId, createdAt: Date.now(), sends: 0 };
      saveOutbox([...outbox().filter((e) => e.messageId !== messageId), again]);
      const m = elements.get(messageId);
      if (m) m.exchange.remove();
      elements.delete(messageId);
      activity.delete(messageId);
      model.forget(messageId);
      message(again.messageId, again.text);
    } else {
      again = updateEntry(messageId, (e) => { e.unsent = false; e.sends = 0; e.owner = tabId; });
      activity.delete(messageId);
      clearUnsent(messageId);
    }
    if (!resumePending) send(again);
  }

  function setStatus(state, label) {
    status.dataset.state = state;
    status.textContent = label;
  }

  function turnElement(role, body, messageId, parent = log) {
    const div = document.createElement('div');
    div.className = 'turn ' + role;
    if (messageId) div.dataset.messageId = messageId;
    const content = document.createElement('span');
    content.className = 'content';
    content.textContent = body;
    div.appendChild(content);
    parent.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }

  function el(tag, className, body) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (body != null) e.textContent = body;
    return e;
  }

  // parts: strings (shown as text) and elements.
  function meta(element, ...parts) {
    let m = element.querySelector('.meta');
    if (!m) {
      m = el('span', 'meta');
      element.appendChild(m);
    }
    m.replaceChildren(...parts);
  }

  // Under a finished answer: what it cites, numbered in the done's order (the model cites passages
  // as [n] in that order), or a quiet note when it had no store context. Nothing when no done said
  // (a streaming answer, or one only a resume restored).
  function grounding(element, view) {
    for (const old of element.querySelectorAll('.sources, .ungrounded')) old.remove();
    if (view.status !== 'done') return;
    if (view.grounded === true && view.sources.length > 0) {
      const list = el('ol', 'sources');
      list.setAttribute('aria-label', 'Sources');
      view.sources.forEach((source, i) => {
        const kind = el('span', 'kind', source.kind);
        kind.dataset.kind = source.kind;
        const item = el('li');
        item.append(el('span', 'n', `[${i + 1}]`), ' ', el('span', 'title', source.title), ' ', kind);
        list.appendChild(item);
      });
      element.appendChild(list);
    } else if (view.grounded === false) {
      element.appendChild(el('span', 'ungrounded', 'answered without store context'));
    }
  }

  // The 👍/👎 of a finished answer, made once per message: the chosen one pressed (what the server confirmed or stored),
  // the one sent and not yet confirmed pending, and beside them what became of a rating the server refused.
  function ratingButtons(m, view) {
    if (!m.rating) {
      const bar = el('span', 'feedback');
      bar.setAttribute('role', 'group');
      bar.setAttribute('aria-label', 'Rate this answer');
      for (const [rating, label, title] of RATINGS) {
        const button = el('button', 'rate', label);
        button.type = 'button';
        button.dataset.rating = rating;
        button.setAttribute('aria-label', title);
        button.addEventListener('click', () => rate(view.messageId, rating));
        bar.appendChild(button);
      }
      bar.appendChild(el('small', 'feedback-note'));
      m.rating = bar;
    }
    const sent = ratingsSent.get(view.messageId);
    for (const button of m.rating.querySelectorAll('.rate')) {
      const chosen = button.dataset.rating === view.rating;
      button.setAttribute('aria-pressed', String(chosen));
      if (chosen) button.classList.add('chosen');
      else button.classList.remove('chosen');
      if (sent === button.dataset.rating) button.classList.add('pending');
      else button.classList.remove('pending');
    }
    return m.rating;
  }

  function ratingNote(messageId, text) {
    const m = elements.get(messageId);
    const note = m && m.rating && m.rating.querySelector('.feedback-note');
    if (note) note.textContent = text;
  }

  // Sends the user's rating of an answered message; shown as chosen once the server says it stored it.
  function rate(messageId, rating) {
    const view = model.view(messageId);
    if (!view || view.status !== 'done') return;
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      ratingNote(messageId, 'Not connected: your rating was not sent.');
      return;
    }
    ratingsSent.set(messageId, rating);
    ratingNote(messageId, '');
    socket.send(JSON.stringify({ action: 'feedback', conversationId, messageId, rating }));
    render(view);
  }

  function ratingRefused(frame) {
    ratingsSent.delete(frame.messageId);
    const retry = frame.retryAfterMs ? ` Try again in ${Math.ceil(frame.retryAfterMs / 1000)} s.` : '';
    ratingNote(frame.messageId, `Your rating was not saved: ${ERRORS[frame.code] || frame.code}${retry}`);
    render(model.view(frame.messageId));
  }

  // Ratings sent and never confirmed or refused whose answer can no longer come (the call failed, the socket
  // closed): shown as not saved, and left to the user to click again.
  function ratingsUnconfirmed(note) {
    for (const messageId of [...ratingsSent.keys()]) {
      ratingsSent.delete(messageId);
      ratingNote(messageId, note);
      render(model.view(messageId));
    }
  }

  // A message's exchange: its question, and under it (once there is one) its answer, wherever that comes from.
  function message(messageId, question) {
    if (!elements.has(messageId)) {
      const exchange = el('div', 'exchange');
      exchange.dataset.messageId = messageId;
      log.appendChild(exchange);
      elements.set(messageId, { exchange, user: turnElement('user', question ?? '', messageId, exchange), assistant: null, rating: null });
    }
    const m = elements.get(messageId);
    const content = m.user.querySelector('.content');
    if (question && !content.textContent) content.textContent = question;
    return m;
  }

  // Each question where the conversation puts it (message k is turns 2k-1 and 2k, however late its answer came); what the
  // server has not numbered yet after them, in the order it was asked. Other notes in the log are dropped.
  function arrange() {
    const ordered = [...elements.entries()].map(([messageId, m], i) => {
      const view = model.view(messageId);
      return { m, seq: view && view.questionSeq > 0 ? view.questionSeq : Infinity, i };
    });
    ordered.sort((a, b) => a.seq - b.seq || a.i - b.i);
    log.replaceChildren(...ordered.map(({ m }) => m.exchange));
  }

  function pad2(n) {
    return String(n).padStart(2, '0');
  }

  // A moment as the budgets count them, in UTC: "00:00 UTC" within a day from now, with its date further out.
  function utcTime(ms) {
    const d = new Date(ms);
    const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())} UTC`;
    return ms - Date.now() <= DAY_MS ? time : `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${time}`;
  }

  // A budget window ({ used, limit?, resetsAt }) with nothing left of its budget.
  function spent(budget) {
    return budget.limit != null && budget.used >= budget.limit;
  }

  function windowText(label, budget) {
    return `${label} ${COUNT.format(budget.used)}${budget.limit != null ? ` / ${COUNT.format(budget.limit)}` : ''} tokens`;
  }

  // The usage line: today's tokens against the day's budget and when it resets; this month's only where the month has a
  // budget (and when it resets only once it is spent). Just the count where there is no budget.
  function showUsage() {
    quota = model.quota() || quota;
    if (!usageLine || !quota) return;
    const { day, month } = quota;
    const parts = [windowText('Today', day)];
    if (day.limit != null) parts.push(`resets ${utcTime(Date.parse(day.resetsAt))}`);
    if (month.limit != null) parts.push(windowText('this month', month) + (spent(month) ? `, resets ${utcTime(Date.parse(month.resetsAt))}` : ''));
    usageLine.textContent = parts.join(' · ');
    usageLine.dataset.state = spent(day) || spent(month) ? 'spent' : 'ok';
    usageLine.setAttribute('title', `Tokens used of your budget: today ${day.used}${day.limit != null ? ' of ' + day.limit : ''} (resets ${day.resetsAt}), `
      + `this month ${month.used}${month.limit != null ? ' of ' + month.limit : ''} (resets ${month.resetsAt})`);
  }

  // When the budget that refused a message starts again: its retryAfterMs from now (to the minute: budgets reset on the
  // minute, and the refusal took a moment to come), else the reset of the spent window the page knows of, else unknown.
  function budgetBackAt(retryAfterMs) {
    if (retryAfterMs != null) return Math.round((Date.now() + retryAfterMs) / 60000) * 60000;
    const known = model.quota() || quota;
    if (known && spent(known.month)) return Date.parse(known.month.resetsAt);
    return known && spent(known.day) ? Date.parse(known.day.resetsAt) : null;
  }

  // A message refused because a token budget is spent: nothing was stored and nothing asked of the assistant, so the question
  // shows as not sent, with why and when the budget starts again; the page does not send it on its own.
  function showOverBudget(m, view) {
    if (m.assistant) m.assistant.remove();
    m.assistant = null;
    m.rating = null;
    if (!budgetBack.has(view.messageId)) budgetBack.set(view.messageId, budgetBackAt(view.retryAfterMs));
    const at = budgetBack.get(view.messageId);
    m.user.classList.add('refused');
    let note = m.user.querySelector('.refusal');
    if (!note) {
      note = el('small', 'refusal');
      m.user.appendChild(note);
    }
    note.textContent = `Not sent. ${ERRORS.quota_exceeded}${at != null ? ` It starts again at ${utcTime(at)}.` : ''}`;
  }

  function showError(element, code, retryAfterMs, fallback) {
    element.classList.add('error');
    const retry = retryAfterMs ? ` Try again in ${Math.ceil(retryAfterMs / 1000)} s.` : '';
    meta(element, `${ERRORS[code] || fallback || code} `, el('small', null, `(${code})`), retry);
  }

  // Draws a message's answer from its view: always one attempt's text, or the stored answer.
  function render(view) {
    if (!view) return;
    const m = message(view.messageId);
    if (view.status === 'refused' && view.code === 'quota_exceeded') {
      showOverBudget(m, view);
      return;
    }
    if (!m.assistant && view.status !== 'sent') m.assistant = turnElement('assistant', '', view.messageId, m.exchange);
    if (!m.assistant) return;
    m.assistant.classList.remove('error');
    m.assistant.querySelector('.content').textContent = view.text;
    if (view.status === 'done') {
      const badge = view.route ? el('span', `badge ${view.route}`, view.route) : '';
      const usage = view.usage ? `${view.usage.completionTokens} tokens` : '';
      const cut = view.truncated ? ` · ${view.turnsDropped} earlier turn(s) left out to fit the model` : '';
      meta(m.assistant, badge, usage, cut, ratingButtons(m, view));
    } else if (view.resumeWanted) {
      meta(m.assistant, el('small', null, 'This message was already answered; fetching the answer…'));
    } else if (view.status === 'failed' || view.status === 'refused') {
      showError(m.assistant, view.code, view.retryAfterMs);
    } else if (view.supersedes > 0) {
      meta(m.assistant, el('small', null, 'answering again…'));
    } else {
      meta(m.assistant);
    }
    grounding(m.assistant, view);
    log.scrollTop = log.scrollHeight;
  }

  // Sends an entry as it is stored now: only this tab's own (or one it takes over), and never past its budget. Whether it sent.
  function send(entry) {
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    const stored = outbox().find((e) => e.messageId === entry.messageId);
    if (!stored || stored.unsent || !own(stored)) return false;
    if (expired(stored)) {
      giveUp(stored);
      return false;
    }
    entry = updateEntry(stored.messageId, (e) => { e.sends = (e.sends || 0) + 1; });
    const a = activity.get(entry.messageId) || {};
    a.lastSentAt = Date.now();
    a.lastFrameAt = Date.now();
    a.retryAt = null;
    a.epoch = socketEpoch;
    activity.set(entry.messageId, a);
    render(model.sent(entry.messageId));
    socket.send(JSON.stringify({ action: 'sendMessage', conversationId, messageId: entry.messageId, text: entry.text, locale: entry.locale || localeOf(entry.text) }));
    return true;
  }

  function onFrame(frame) {
    if (frame.type === undefined && frame.message) {
      // API Gateway's own error: an integration call failed (its task died or was refusing). Nothing unacknowledged was accepted.
      setStatus('degraded', 'The assistant is unreachable right now; your messages are kept and sent again');
      // The failed call may have been the resume itself: without its answer nothing would ever be sent again.
      if (resumePending) setTimeout(resume, 1000);
      for (const entry of outbox()) {
        const view = model.view(entry.messageId);
        if (view && view.status === 'sent') setTimeout(() => send(entry), 1000);
      }
      // Any rating still unconfirmed may have been the failed call: said so, and left to the user to click again.
      ratingsUnconfirmed('Your rating may not have been saved; click it again.');
      return;
    }
    if (frame.type === 'resumed') {
      onResumed(frame);
      return;
    }
    if (frame.type === 'feedbackSaved') {
      // Only the confirmation of the latest rating sent settles it: that of an earlier one (👍 then 👎 before the
      // first reply) leaves the later one pending, and its refusal still to be heard.
      if (frame.rating === ratingsSent.get(frame.messageId)) {
        ratingsSent.delete(frame.messageId);
        ratingNote(frame.messageId, '');
      }
      render(model.apply(frame));
      return;
    }
    // The refusal of a rating this page sent: its message is answered, so the refusal can only be the rating's.
    if (frame.type === 'error' && frame.attempt == null && ratingsSent.has(frame.messageId)) {
      ratingRefused(frame);
      return;
    }
    if (!['ack', 'token', 'done', 'error', 'pong', 'usage'].includes(frame.type)) {
      turnElement('assistant error', `The assistant sent something this page does not understand (${String(frame.type)}); reload the page to update it.`);
      return;
    }
    if (status.dataset.state === 'degraded') setStatus('open', 'Connected');
    if (frame.type === 'usage') {
      model.apply(frame);
      showUsage();
      return;
    }
    const view = model.apply(frame);
    if (frame.type === 'done') showUsage(); // its quota: the caller's usage with this answer charged
    if (!view) {
      if (frame.type === 'error') heldElsewhere(frame);
      return;
    }
    const a = activity.get(view.messageId);
    if (a) a.lastFrameAt = Date.now();
    render(view);
    if (view.status === 'done' || view.status === 'failed') settle(view.messageId);
    // Refused as duplicate while this page still waits on it: it ended on the server and its ending never came here.
    // One resume per such refusal (not per later frame while the model still wants one).
    if (view.resumeWanted && frame.type === 'error') resume();
    if (view.status === 'refused') {
      if (view.retryable) {
        if (a) a.retryAt = Date.now() + (view.retryAfterMs || 1000);
      } else if (view.code !== 'duplicate') {
        settle(view.messageId);
      }
    }
  }

  // A resend of a message this page still waits on was refused with a retry-after: its attempt runs somewhere else
  // (for a socket that dropped, say; ADR 0033). Sent again once that passes, unless a frame of it arrives first.
  function heldElsewhere(frame) {
    const a = activity.get(frame.messageId);
    const view = frame.messageId ? model.view(frame.messageId) : null;
    if (!a || !view || !RETRYABLE.has(frame.code) || !['accepted', 'streaming'].includes(view.status)) return;
    a.refusedAt = Date.now();
    a.retryAt = a.refusedAt + (frame.retryAfterMs || 1000);
    // Nothing was stored for the refused send: it does not use up the message's send budget.
    updateEntry(frame.messageId, (e) => { e.sends = Math.max(0, (e.sends || 0) - 1); });
  }

  function onResumed(frame) {
    // Redraw from the stored turns, then what the outbox still holds, each answer under its question.
    resumePending = false;
    model.apply(frame);
    for (const turn of frame.turns) {
      if (turn.role === 'user' && turn.messageId) message(turn.messageId, turn.text);
    }
    for (const entry of outbox()) message(entry.messageId, entry.text);
    for (const view of model.views()) render(view);
    arrange();
    for (const turn of frame.turns) {
      const view = model.view(turn.messageId);
      if (view && (view.status === 'done' || view.status === 'failed')) settle(turn.messageId);
    }
    for (const entry of outbox()) {
      const view = model.view(entry.messageId);
      // Refused as duplicate and not among the stored turns this resume returned: it ended, and nothing sent again can change that.
      if (view && view.status === 'refused' && view.code === 'duplicate') settle(entry.messageId);
    }
    // Whatever an earlier socket sent and is still unsettled runs (if at all) for a connection that no longer
    // listens: take it over from here. What this socket already sent is answered here; sending it again would
    // only supersede its own attempt. Another tab's entries stay with it while it lives; given-up ones wait for a tap.
    for (const entry of outbox()) {
      if (entry.unsent) {
        showUnsent(entry);
        continue;
      }
      const view = model.view(entry.messageId);
      const a = activity.get(entry.messageId);
      if (a && a.epoch === socketEpoch) continue;
      if (!view || !['done', 'failed'].includes(view.status)) send(entry);
    }
  }

  function resume() {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    resumePending = true;
    resumeSentAt = Date.now();
    const lastSeq = model.resumeCursor();
    socket.send(JSON.stringify(lastSeq == null ? { action: 'resume', conversationId } : { action: 'resume', conversationId, lastSeq }));
  }

  // Sends again what was never acknowledged, went silent too long, or was refused with a retry-after; takes over
  // what a gone tab left; says this tab is alive.
  setInterval(() => {
    if (Date.now() - lastBeat >= HEARTBEAT_MS) beat();
    if (resumePending) {
      // A resume that got no answer (its task died with it) is sent again.
      if (Date.now() - resumeSentAt > RESUME_RETRY_MS) resume();
      return;
    }
    const now = Date.now();
    for (const entry of outbox()) {
      if (entry.unsent) continue;
      if (entry.owner !== tabId) {
        // Another tab's: left to it while it lives (it took over this tab's if this tab slept), sent from here once it is gone.
        activity.delete(entry.messageId);
        if (!ownerAlive(entry.owner)) send(entry);
        continue;
      }
      const view = model.view(entry.messageId);
      const a = activity.get(entry.messageId);
      if (!view || !a) continue;
      if (view.status === 'sent' && now - a.lastSentAt > UNACKED_RESEND_MS) send(entry);
      else if ((view.status === 'accepted' || view.status === 'streaming') && now - a.lastFrameAt > clientSilenceMs) {
        // Said in words: the answer stalled (its task may have died) and the page asked for it again.
        const m = elements.get(entry.messageId);
        if (send(entry) && m && m.assistant) meta(m.assistant, el('small', null, 'The answer stopped arriving; asking for it again…'));
      }
      else if (view.status === 'refused' && a.retryAt && now >= a.retryAt) send(entry);
      else if (['accepted', 'streaming'].includes(view.status) && a.retryAt && now >= a.retryAt && a.lastFrameAt <= a.refusedAt) send(entry);
    }
  }, 500);

  function withToken(base, token) {
    return `${base}${base.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
  }

  function socketBase() {
    return webSocketUrl || `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  }

  function connect() {
    if (signingOut) return;
    setStatus(backoff > 100 ? 'reconnecting' : 'connecting', backoff > 100 ? 'Reconnecting…' : 'Connecting…');
    if (!oidc) {
      open(withToken(socketBase(), principal.value));
      return;
    }
    // The ID token goes in the URL's query because a browser cannot set headers (Authorization) on a WebSocket
    // handshake; API Gateway's $connect authorizer takes it from there (ChatEdge: identity source
    // route.request.querystring.token; infra-cdk/authorizer reads queryStringParameters.token) and verifies it on every
    // connect. What could keep it: the stage's access log format (ChatEdge's accessLogSettings) records requestId,
    // connectionId, routeKey, eventType, status, the authorizer's principalId, integration error, source IP and time,
    // no path and no query string; the stage turns on no execution logging or data trace (its route settings only
    // throttle); the authorizer logs a refusal's reason, never the token; the integrations get the principal, not the
    // token. Nothing here logs the URL either.
    oidc.idToken().then((token) => {
      if (signingOut) return;
      if (token) open(withToken(socketBase(), token));
      // Expired and not renewable: through login again (what the outbox holds waits in localStorage).
      else oidc.reauthenticate().then(showAuth);
    });
  }

  function open(url) {
    socket = new WebSocket(url);
    socketEpoch++;
    socket.onopen = () => {
      backoff = 100;
      setStatus('open', 'Connected');
      resume();
      socket.send(JSON.stringify({ action: 'usage' }));
    };
    socket.onmessage = (event) => {
      try { onFrame(JSON.parse(event.data)); } catch (e) { console.error('unreadable frame', event.data, e); }
    };
    socket.onclose = (event) => {
      if (event.code === 1009) turnElement('assistant error', 'That message was too large; the connection was closed.');
      // A rating in flight on the closed socket is never confirmed nor refused: not left pending forever.
      ratingsUnconfirmed('Connection lost: your rating may not have been saved; click it again.');
      if (signingOut) return;
      setStatus('reconnecting', 'Reconnecting…');
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 5000);
    };
  }

  document.getElementById('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const body = text.value.trim();
    if (!body) return;
    const entry = { messageId: newId('m'), text: body, locale: localeOf(body), owner: tabId, createdAt: Date.now(), sends: 0 };
    // Kept before it is sent: a reload or a dead task never loses what the user typed.
    saveOutbox([...outbox(), entry]);
    message(entry.messageId, body);
    text.value = '';
    // While a resume is under way the resumed frame sends what the outbox holds, this message included.
    if (!resumePending) send(entry);
  });
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      document.getElementById('composer').requestSubmit();
    }
  });
  function useConversation(id) {
    conversationId = id;
    localStorage.setItem(conversationKey, conversationId);
    conversationField.value = conversationId;
    log.replaceChildren();
    elements.clear();
    activity.clear();
    ratingsSent.clear();
    budgetBack.clear();
    model = MangaAssistReplies.createReplyModel();
  }
  document.getElementById('new-conversation').addEventListener('click', () => useConversation(newId('c')));
  principal.addEventListener('change', () => { socket && socket.close(); });

  // What auth.js answered (see createOidcClient): signed in, on the way to the identity provider, or not signed in
  // (signed out, or an error), said in words with a login button that only a click uses.
  function showAuth(result) {
    if (result.status === 'signedIn') {
      signin.hidden = true;
      userName.textContent = oidc.user();
      account.hidden = false;
      conversationKey = 'mangaassist.conversation.' + oidc.subject();
      useConversation(localStorage.getItem(conversationKey) || newId('c'));
      connect();
    } else if (result.status === 'redirecting') {
      setStatus('connecting', signingOut ? 'Signing out…' : 'Signing in…');
    } else {
      account.hidden = true;
      signinMessage.textContent = result.message || 'You are not signed in.';
      signin.dataset.state = result.status;
      signin.hidden = false;
      setStatus('signed-out', 'Not signed in');
    }
  }

  function signIn(settings) {
    if (principalField) principalField.hidden = true;
    if (typeof MangaAssistAuth === 'undefined') {
      showAuth({ status: 'error', message: 'This page cannot sign in: its sign-in script (auth.js) did not load.' });
      return;
    }
    oidc = MangaAssistAuth.createOidcClient(settings);
    setStatus('connecting', 'Signing in…');
    oidc.start().then(showAuth);
  }

  if (loginButton) {
    loginButton.addEventListener('click', () => {
      if (!oidc) return;
      signingOut = false;
      signin.hidden = true;
      oidc.login().then(showAuth);
    });
  }
  if (logoutButton) {
    logoutButton.addEventListener('click', () => {
      if (!oidc) return;
      signingOut = true;
      const closing = socket;
      socket = null;
      if (closing) closing.close(1000, 'signed out');
      ratingsUnconfirmed('Signed out: your rating may not have been saved.');
      showAuth(oidc.logout());
    });
  }

  // This tab is alive from now on, and gone as soon as it closes or reloads: its messages are then taken over at once.
  beat();
  addEventListener('pagehide', () => localStorage.removeItem(heartbeatKey(tabId)));
  addEventListener('pageshow', (event) => {
    if (!event.persisted) return;
    beat();
    // Back from the identity provider to this page as it was left (the back/forward cache): not "Signing in…" forever.
    if (oidc && !oidc.signedIn()) showAuth(oidc.abandon());
  });
  // Heartbeats of tabs that stopped without a word and left nothing to take over.
  for (let i = (localStorage.length || 0) - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (key && key.startsWith('mangaassist.tab.') && Date.now() - Number(localStorage.getItem(key)) > TAB_GONE_MS) localStorage.removeItem(key);
  }

  // config.json next to index.html: the stack's client timings, where to connect and how to sign in. Missing or
  // unreadable (an older local gateway): mode dev on this host's /ws, as before.
  fetch('config.json', { cache: 'no-store' }).then((r) => (r.ok ? r.json() : {})).catch(() => ({})).then((config) => {
    config = config && typeof config === 'object' ? config : {};
    if (config.clientSilenceMs) clientSilenceMs = config.clientSilenceMs;
    if (typeof config.webSocketUrl === 'string' && config.webSocketUrl) webSocketUrl = config.webSocketUrl;
    const mode = (config.auth && config.auth.mode) || 'dev';
    if (mode === 'dev') connect();
    else if (mode === 'oidc') signIn(config.auth);
    else showAuth({ status: 'error', message: `This page does not know the sign-in mode "${mode}" that config.json names.` });
  });
})();
