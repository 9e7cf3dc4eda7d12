// MangaAssist local chat page. Replies follow the attempt contract through reply-model.js (ADR 0019):
// a later attempt replaces what an earlier one showed, frames apply in seq order, nothing shows twice.
// What the page sends it keeps (localStorage) until the message ends, across reloads: after a
// reconnect it resumes the conversation and sends again what is still unsettled, and it sends
// again a message that was never acknowledged, or that went silent for longer than an answer
// may legitimately take (its task may have died), with the same messageId, so the server takes it
// over instead of storing it twice. The socket reconnects with exponential backoff (100 ms -> 5 s).
(() => {
  const log = document.getElementById('log');
  const status = document.getElementById('status');
  const text = document.getElementById('text');
  const principal = document.getElementById('principal');
  const conversationField = document.getElementById('conversation');
  const language = document.getElementById('language');
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
  };
  // Refusals the same message may be sent again after (the server stored nothing).
  const RETRYABLE = new Set(['busy', 'rate_limited']);
  const UNACKED_RESEND_MS = 5000;
  const MAX_SENDS = 8;
  let clientSilenceMs = 30000; // TurnTimings.clientSilence: the local gateway's /config.json says the stack's value

  let socket = null;
  let socketEpoch = 0; // which socket a message was last sent on: a resume takes over only what an earlier socket sent
  let backoff = 100;
  let resumePending = false;
  let resumeSentAt = 0;
  const RESUME_RETRY_MS = 5000;
  let model = MangaAssistReplies.createReplyModel();
  let conversationId = localStorage.getItem('mangaassist.conversation') || newId('c');
  localStorage.setItem('mangaassist.conversation', conversationId);
  conversationField.value = conversationId;
  const elements = new Map(); // messageId -> {user, assistant}
  const activity = new Map(); // messageId -> {lastFrameAt, lastSentAt, sends, retryAt}

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

  function settle(messageId) {
    saveOutbox(outbox().filter((m) => m.messageId !== messageId));
    activity.delete(messageId);
  }

  function setStatus(state, label) {
    status.dataset.state = state;
    status.textContent = label;
  }

  function turnElement(role, body, messageId) {
    const div = document.createElement('div');
    div.className = 'turn ' + role;
    if (messageId) div.dataset.messageId = messageId;
    const content = document.createElement('span');
    content.className = 'content';
    content.textContent = body;
    div.appendChild(content);
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }

  function meta(element, html) {
    let m = element.querySelector('.meta');
    if (!m) {
      m = document.createElement('span');
      m.className = 'meta';
      element.appendChild(m);
    }
    m.innerHTML = html;
  }

  function message(messageId, question) {
    if (!elements.has(messageId)) {
      elements.set(messageId, { user: turnElement('user', question ?? '', messageId), assistant: null });
    }
    return elements.get(messageId);
  }

  function showError(element, code, retryAfterMs, fallback) {
    element.classList.add('error');
    const retry = retryAfterMs ? ` Try again in ${Math.ceil(retryAfterMs / 1000)} s.` : '';
    meta(element, `${ERRORS[code] || fallback || code} <small>(${code})</small>${retry}`);
  }

  // Draws a message's answer from its view: always one attempt's text, or the stored answer.
  function render(view) {
    if (!view) return;
    const m = message(view.messageId);
    if (!m.assistant && view.status !== 'sent') m.assistant = turnElement('assistant', '', view.messageId);
    if (!m.assistant) return;
    m.assistant.classList.remove('error');
    m.assistant.querySelector('.content').textContent = view.text;
    if (view.status === 'done') {
      const badge = view.route ? `<span class="badge ${view.route}">${view.route}</span>` : '';
      const usage = view.usage ? `${view.usage.completionTokens} tokens` : '';
      const cut = view.truncated ? ` · ${view.turnsDropped} earlier turn(s) left out to fit the model` : '';
      meta(m.assistant, `${badge}${usage}${cut}`);
    } else if (view.status === 'failed' || view.status === 'refused') {
      showError(m.assistant, view.code, view.retryAfterMs);
    } else if (view.supersedes > 0) {
      meta(m.assistant, '<small>answering again…</small>');
    } else {
      meta(m.assistant, '');
    }
    log.scrollTop = log.scrollHeight;
  }

  function send(entry) {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    const a = activity.get(entry.messageId) || { sends: 0 };
    if (a.sends >= MAX_SENDS) return;
    a.sends++;
    a.lastSentAt = Date.now();
    a.lastFrameAt = Date.now();
    a.retryAt = null;
    a.epoch = socketEpoch;
    activity.set(entry.messageId, a);
    render(model.sent(entry.messageId));
    socket.send(JSON.stringify({ action: 'sendMessage', conversationId, messageId: entry.messageId, text: entry.text, locale: entry.locale || localeOf(entry.text) }));
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
      return;
    }
    if (frame.type === 'resumed') {
      onResumed(frame);
      return;
    }
    if (!['ack', 'token', 'done', 'error', 'pong'].includes(frame.type)) {
      turnElement('assistant error', `The assistant sent something this page does not understand (${String(frame.type)}); reload the page to update it.`);
      return;
    }
    if (status.dataset.state === 'degraded') setStatus('open', 'Connected');
    const view = model.apply(frame);
    if (!view) return;
    const a = activity.get(view.messageId);
    if (a) a.lastFrameAt = Date.now();
    render(view);
    if (view.status === 'done' || view.status === 'failed') settle(view.messageId);
    if (view.status === 'refused') {
      if (RETRYABLE.has(view.code) && a && a.sends < MAX_SENDS) a.retryAt = Date.now() + (view.retryAfterMs || 1000);
      else if (view.code === 'duplicate') resume();
      else settle(view.messageId);
    }
  }

  function onResumed(frame) {
    // Redraw from the stored turns (answers sit next to their questions), then what the outbox still holds.
    log.innerHTML = '';
    elements.clear();
    resumePending = false;
    model.apply(frame);
    for (const turn of frame.turns) {
      if (turn.role === 'user') message(turn.messageId, turn.text);
    }
    for (const entry of outbox()) message(entry.messageId, entry.text);
    for (const view of model.views()) render(view);
    for (const turn of frame.turns) {
      const view = model.view(turn.messageId);
      if (view && (view.status === 'done' || view.status === 'failed')) settle(turn.messageId);
    }
    // Whatever an earlier socket sent and is still unsettled runs (if at all) for a connection that no longer
    // listens: take it over from here. What this socket already sent is answered here; sending it again would
    // only supersede its own attempt.
    for (const entry of outbox()) {
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

  // Sends again what was never acknowledged, went silent too long, or was refused with a retry-after.
  setInterval(() => {
    if (resumePending) {
      // A resume that got no answer (its task died with it) is sent again.
      if (Date.now() - resumeSentAt > RESUME_RETRY_MS) resume();
      return;
    }
    const now = Date.now();
    for (const entry of outbox()) {
      const view = model.view(entry.messageId);
      const a = activity.get(entry.messageId);
      if (!view || !a) continue;
      if (view.status === 'sent' && now - a.lastSentAt > UNACKED_RESEND_MS) send(entry);
      else if ((view.status === 'accepted' || view.status === 'streaming') && now - a.lastFrameAt > clientSilenceMs) {
        send(entry);
        // Said in words: the answer stalled (its task may have died) and the page asked for it again.
        const m = elements.get(entry.messageId);
        if (m && m.assistant) meta(m.assistant, '<small>The answer stopped arriving; asking for it again…</small>');
      }
      else if (view.status === 'refused' && a.retryAt && now >= a.retryAt) send(entry);
    }
  }, 500);

  function connect() {
    setStatus(backoff > 100 ? 'reconnecting' : 'connecting', backoff > 100 ? 'Reconnecting…' : 'Connecting…');
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?token=${encodeURIComponent(principal.value)}`;
    socket = new WebSocket(url);
    socketEpoch++;
    socket.onopen = () => {
      backoff = 100;
      setStatus('open', 'Connected');
      resume();
    };
    socket.onmessage = (event) => {
      try { onFrame(JSON.parse(event.data)); } catch (e) { console.error('unreadable frame', event.data, e); }
    };
    socket.onclose = (event) => {
      if (event.code === 1009) turnElement('assistant error', 'That message was too large; the connection was closed.');
      setStatus('reconnecting', 'Reconnecting…');
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 5000);
    };
  }

  document.getElementById('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const body = text.value.trim();
    if (!body) return;
    const entry = { messageId: newId('m'), text: body, locale: localeOf(body) };
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
  document.getElementById('new-conversation').addEventListener('click', () => {
    conversationId = newId('c');
    localStorage.setItem('mangaassist.conversation', conversationId);
    conversationField.value = conversationId;
    log.innerHTML = '';
    elements.clear();
    activity.clear();
    model = MangaAssistReplies.createReplyModel();
  });
  principal.addEventListener('change', () => { socket && socket.close(); });

  fetch('/config.json').then((r) => (r.ok ? r.json() : {})).then((config) => {
    if (config.clientSilenceMs) clientSilenceMs = config.clientSilenceMs;
  }).catch(() => {}).finally(connect);
})();
