// MangaAssist local chat page: streams tokens by seq, shows each reply's route and truncation,
// reconnects with exponential backoff (100 ms -> 5 s) and resumes the conversation.
(() => {
  const log = document.getElementById('log');
  const status = document.getElementById('status');
  const text = document.getElementById('text');
  const principal = document.getElementById('principal');
  const conversationField = document.getElementById('conversation');
  const ERRORS = {
    busy: 'The assistant is busy right now.',
    rate_limited: 'You are sending messages too quickly.',
    expired: 'That message waited too long to be answered. Please send it again.',
    frame_too_large: 'That message is too large to send.',
    text_too_long: 'That message is too long (4,000 characters at most).',
    duplicate: 'That message was already answered.',
    forbidden: 'This conversation belongs to someone else.',
    model_unavailable: 'The model is unavailable right now. Please try again.',
    capacity_limit: 'The model is out of capacity for a request this large.',
    unauthorized: 'You are not signed in.',
  };
  const replies = new Map(); // messageId -> {element, body, nextSeq, pending: Map<seq, frame>}
  let socket = null;
  let backoff = 100;
  let closedByUser = false;

  let conversationId = localStorage.getItem('mangaassist.conversation') || newId('c');
  localStorage.setItem('mangaassist.conversation', conversationId);
  conversationField.value = conversationId;

  function newId(prefix) {
    return prefix + '-' + (crypto.randomUUID ? crypto.randomUUID() : Math.random().toString(36).slice(2));
  }

  function setStatus(state, label) {
    status.dataset.state = state;
    status.textContent = label;
  }

  // Turns added while a resume is in flight are newer than what it will return: keep them.
  let resumePending = false;

  function addTurn(role, body, messageId) {
    const div = document.createElement('div');
    div.className = 'turn ' + role + (resumePending ? ' live' : '');
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

  function reply(messageId) {
    if (!replies.has(messageId)) {
      replies.set(messageId, { element: addTurn('assistant', '', messageId), nextSeq: 1, pending: new Map() });
    }
    return replies.get(messageId);
  }

  // Frames carry a per-message seq: apply them in order, drop duplicates.
  function applyInOrder(frame) {
    const r = reply(frame.messageId);
    if (frame.seq < r.nextSeq) return;
    r.pending.set(frame.seq, frame);
    while (r.pending.has(r.nextSeq)) {
      const f = r.pending.get(r.nextSeq);
      r.pending.delete(r.nextSeq);
      r.nextSeq++;
      render(r, f);
    }
  }

  function render(r, frame) {
    const content = r.element.querySelector('.content');
    if (frame.type === 'token') {
      content.textContent += frame.text;
    } else if (frame.type === 'done') {
      const badge = `<span class="badge ${frame.route}">${frame.route}</span>`;
      const cut = frame.truncated ? ` · ${frame.turnsDropped} earlier turn(s) left out to fit the model` : '';
      meta(r.element, `${badge}${frame.usage.completionTokens} tokens${cut}`);
    } else if (frame.type === 'error') {
      showError(r.element, frame);
    }
    log.scrollTop = log.scrollHeight;
  }

  function showError(element, frame) {
    element.classList.add('error');
    const retry = frame.retryAfterMs ? ` Try again in ${Math.ceil(frame.retryAfterMs / 1000)} s.` : '';
    meta(element, `${ERRORS[frame.code] || frame.message} <small>(${frame.code})</small>${retry}`);
  }

  function onFrame(frame) {
    switch (frame.type) {
      case 'ack': reply(frame.messageId); break;
      case 'token': case 'done': applyInOrder(frame); break;
      case 'error':
        if (frame.messageId && frame.seq > 0) applyInOrder(frame);
        else showError(frame.messageId ? reply(frame.messageId).element : addTurn('assistant', ''), frame);
        break;
      case 'resumed': {
        // Replace what was shown before the reconnect with the stored turns; keep the live ones.
        const live = [...log.children].filter((el) => el.classList.contains('live'));
        const liveIds = new Set(live.map((el) => el.dataset.messageId).filter(Boolean));
        log.innerHTML = '';
        for (const [id, r] of [...replies]) if (!liveIds.has(id)) replies.delete(id);
        resumePending = false;
        for (const turn of frame.turns) {
          if (liveIds.has(turn.messageId)) continue;
          const el = addTurn(turn.role, turn.text, turn.messageId);
          if (turn.route) meta(el, `<span class="badge ${turn.route}">${turn.route}</span>`);
        }
        live.forEach((el) => { el.classList.remove('live'); log.appendChild(el); });
        break;
      }
      default: break;
    }
  }

  function connect() {
    setStatus(backoff > 100 ? 'reconnecting' : 'connecting', backoff > 100 ? 'Reconnecting…' : 'Connecting…');
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?token=${encodeURIComponent(principal.value)}`;
    socket = new WebSocket(url);
    socket.onopen = () => {
      backoff = 100;
      setStatus('open', 'Connected');
      resumePending = true;
      socket.send(JSON.stringify({ action: 'resume', conversationId }));
    };
    socket.onmessage = (event) => {
      try { onFrame(JSON.parse(event.data)); } catch (e) { console.error('unreadable frame', event.data); }
    };
    socket.onclose = (event) => {
      if (closedByUser) return;
      if (event.code === 1009) addTurn('assistant error', 'That message was too large; the connection was closed.');
      setStatus('reconnecting', 'Reconnecting…');
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 5000);
    };
  }

  document.getElementById('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const body = text.value.trim();
    if (!body || !socket || socket.readyState !== WebSocket.OPEN) return;
    const messageId = newId('m');
    addTurn('user', body, messageId);
    socket.send(JSON.stringify({ action: 'sendMessage', conversationId, messageId, text: body, locale: navigator.language }));
    text.value = '';
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
    replies.clear();
  });
  principal.addEventListener('change', () => { closedByUser = false; socket && socket.close(); });

  connect();
})();
