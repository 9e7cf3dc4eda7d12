// The chat page (reply-model.js + auth.js + chat.js, unchanged, in index.html's order) in Node, on a
// small fake DOM and a fake socket: enough to type a message, feed it server frames and read what
// the page drew. No browser and no npm packages. Setting innerHTML throws, so any server text parsed as HTML fails a test
// rather than passing unnoticed. Time is a fake clock the test moves (page.tick runs the page's
// interval timers once, as if that much time had passed); two pages opened on one storage and one
// clock are two tabs of one browser, and opening a page again on the storage of one that closed
// is a reload. loadChatPage gives the page as loaded, before anything connected, with the fetch,
// address (location, history), sessionStorage and timeouts a sign-in test drives; openChatPage
// gives it connected and resumed in mode dev.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';

class FakeText {
  constructor(text) {
    this.nodeType = 3;
    this.textContent = String(text);
    this.parentNode = null;
  }
}

class FakeElement {
  constructor(tagName) {
    this.nodeType = 1;
    this.tagName = tagName.toUpperCase();
    this.childNodes = [];
    this.parentNode = null;
    this.className = '';
    this.dataset = {};
    this.attributes = {};
    this.listeners = {};
    this.value = '';
    this.scrollTop = 0;
    this.scrollHeight = 0;
    const classes = () => this.className.split(/\s+/).filter(Boolean);
    this.classList = {
      add: (c) => { if (!classes().includes(c)) this.className = [...classes(), c].join(' '); },
      remove: (c) => { this.className = classes().filter((x) => x !== c).join(' '); },
      contains: (c) => classes().includes(c),
    };
  }

  get children() {
    return this.childNodes.filter((n) => n.nodeType === 1);
  }

  get textContent() {
    return this.childNodes.map((n) => n.textContent).join('');
  }

  set textContent(text) {
    this.replaceChildren(String(text));
  }

  set innerHTML(html) {
    throw new Error(`the page set innerHTML (${JSON.stringify(html)}); it must build its DOM from text`);
  }

  appendChild(node) {
    node.parentNode?.childNodes.splice(node.parentNode.childNodes.indexOf(node), 1);
    node.parentNode = this;
    this.childNodes.push(node);
    return node;
  }

  append(...nodes) {
    for (const n of nodes) this.appendChild(typeof n === 'string' ? new FakeText(n) : n);
  }

  replaceChildren(...nodes) {
    for (const n of this.childNodes) n.parentNode = null;
    this.childNodes = [];
    this.append(...nodes);
  }

  remove() {
    this.parentNode?.childNodes.splice(this.parentNode.childNodes.indexOf(this), 1);
    this.parentNode = null;
  }

  setAttribute(name, value) {
    this.attributes[name] = String(value);
  }

  getAttribute(name) {
    return this.attributes[name] ?? null;
  }

  addEventListener(type, listener) {
    (this.listeners[type] ||= []).push(listener);
  }

  dispatch(type, event = {}) {
    for (const listener of this.listeners[type] || []) listener({ preventDefault() {}, ...event });
  }

  requestSubmit() {
    this.dispatch('submit');
  }

  // Selectors as the page uses them: `.class`, `tag`, `tag.class`, comma-separated; descendants only.
  querySelectorAll(selectors) {
    const tests = selectors.split(',').map((s) => {
      const [tag, ...classes] = s.trim().split('.');
      return (e) => (!tag || e.tagName === tag.toUpperCase()) && classes.every((c) => e.classList.contains(c));
    });
    return descendants(this).filter((e) => tests.some((t) => t(e)));
  }

  querySelector(selectors) {
    return this.querySelectorAll(selectors)[0] ?? null;
  }
}

function descendants(element) {
  return element.children.flatMap((c) => [c, ...descendants(c)]);
}

class FakeSocket {
  static OPEN = 1;

  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    this.closed = null;
    FakeSocket.last = this;
  }

  send(data) {
    this.sent.push(JSON.parse(data));
  }

  close(code, reason) {
    this.closed = { code, reason };
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** The ids index.html gives its elements, with their tags and whether they start hidden. */
export const PAGE_ELEMENTS = [['usage', 'span'], ['status', 'span'], ['account', 'span', true], ['user', 'strong'], ['logout', 'button'],
  ['signin', 'section', true], ['signin-message', 'p'], ['login', 'button'], ['log', 'main'], ['composer', 'form'], ['text', 'textarea'],
  ['send', 'button'], ['principal-field', 'label'], ['principal', 'input'], ['conversation', 'input'], ['language', 'select'],
  ['new-conversation', 'button']];

/** The address bar: location and history on one URL, and where the page sent the browser (assign). */
function fakeAddress(href) {
  const navigations = [];
  const replaced = [];
  const location = {
    assign: (url) => navigations.push(String(url)),
    replace: (url) => navigations.push(String(url)),
  };
  const set = (url) => {
    const u = new URL(url, location.href);
    Object.assign(location, {
      href: u.href, origin: u.origin, protocol: u.protocol, host: u.host, hostname: u.hostname, port: u.port,
      pathname: u.pathname, search: u.search, hash: u.hash,
    });
  };
  set(href);
  const history = {
    state: null,
    replaceState(state, title, url) {
      this.state = state;
      replaced.push(String(url));
      if (url != null) set(url);
    },
    pushState() {
      throw new Error('the page pushed a history entry');
    },
  };
  return { location, history, navigations, replaced };
}

/** localStorage on a Map, as one browser's tabs share it. */
export function sharedStorage() {
  const map = new Map();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => map.set(k, String(v)),
    removeItem: (k) => map.delete(k),
    key: (i) => [...map.keys()][i] ?? null,
    get length() {
      return map.size;
    },
  };
}

/** A clock the test moves: the Date.now() of every page opened on it. */
export function fakeClock(start = Date.UTC(2027, 0, 1)) {
  return { now: start };
}

/**
 * Loads the page from pageDir as a browser would, and lets what it started settle; connects nothing
 * itself. `fetch(url, init)` answers the page's requests (by default none is found: no config.json,
 * as an older local gateway); `href` is the address it is opened at; `storage` (localStorage),
 * `sessionStorage` and `clock` are shared by pages that stand for tabs of one browser (sessionStorage:
 * of one tab), or for a page and its reload. Timeouts run only when the test says (runTimeouts).
 */
export async function loadChatPage(pageDir, {
  storage = sharedStorage(), sessionStorage = sharedStorage(), clock = fakeClock(), fetch = async () => ({ ok: false, status: 404 }),
  href = 'http://127.0.0.1:8765/',
} = {}) {
  const body = new FakeElement('body');
  const byId = {};
  for (const [id, tag, hidden] of PAGE_ELEMENTS) {
    byId[id] = body.appendChild(new FakeElement(tag));
    byId[id].hidden = Boolean(hidden);
  }
  byId.principal.value = 'dev-user';
  const errors = []; // the page catches what a frame throws and logs it: a test fails on it instead
  const consoleOutput = []; // everything the page wrote to the console, to look for what must never be there
  const document = {
    body,
    getElementById: (id) => byId[id] ?? null,
    createElement: (tag) => new FakeElement(tag),
    createTextNode: (text) => new FakeText(text),
  };
  const intervals = [];
  const timeouts = [];
  let timeoutIds = 0;
  const windowListeners = {};
  const address = fakeAddress(href);
  const requests = [];
  const sockets = [];
  class PageSocket extends FakeSocket {
    constructor(url) {
      super(url);
      sockets.push(this);
    }
  }
  const record = (level) => (...args) => consoleOutput.push([level, ...args]);
  class FakeDate extends Date {
    constructor(...args) {
      super(...(args.length ? args : [clock.now]));
    }

    static now() {
      return clock.now;
    }
  }
  const context = vm.createContext({
    document,
    localStorage: storage,
    sessionStorage,
    WebSocket: PageSocket,
    fetch: async (url, init = {}) => {
      requests.push({ url: String(url), init, href: address.location.href }); // href: the address bar as the request left
      return fetch(String(url), init);
    },
    Date: FakeDate,
    // Interval timers run when the test ticks; timeouts (reconnects, token refreshes) only when it runs them.
    setInterval: (fn) => intervals.push(fn),
    setTimeout: (fn, ms = 0) => {
      timeouts.push({ fn, at: clock.now + ms, id: ++timeoutIds });
      return timeoutIds;
    },
    clearTimeout: (id) => {
      const i = timeouts.findIndex((t) => t.id === id);
      if (i >= 0) timeouts.splice(i, 1);
    },
    addEventListener: (type, listener) => (windowListeners[type] ||= []).push(listener),
    location: address.location,
    history: address.history,
    crypto: globalThis.crypto,
    URL,
    URLSearchParams,
    TextEncoder,
    TextDecoder,
    atob,
    btoa,
    console: {
      log: record('log'), info: record('info'), warn: record('warn'), debug: record('debug'),
      error: (...args) => {
        consoleOutput.push(['error', ...args]);
        errors.push(args);
      },
    },
  });
  for (const file of ['reply-model.js', 'auth.js', 'chat.js']) {
    vm.runInContext(readFileSync(join(pageDir, file), 'utf8'), context, { filename: file });
  }
  await settle(); // config.json answered: in mode dev the page connects
  return {
    window: context,
    document,
    byId,
    storage,
    sessionStorage,
    clock,
    errors,
    consoleOutput,
    requests,
    sockets,
    location: address.location,
    history: address.history,
    // Where the page sent the browser (location.assign), and what it put in the address bar (history.replaceState).
    navigations: address.navigations,
    replaced: address.replaced,
    // Lets the page's promises (fetches, WebCrypto) run out.
    async settle() {
      for (let i = 0; i < 20; i++) {
        await settle();
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    },
    // Runs the page's timeouts that are due by the clock, as many rounds as they schedule due ones.
    runTimeouts() {
      for (let due = timeouts.filter((t) => t.at <= clock.now); due.length > 0; due = timeouts.filter((t) => t.at <= clock.now)) {
        for (const t of due) {
          timeouts.splice(timeouts.indexOf(t), 1);
          t.fn();
        }
      }
    },
    timeouts,
    click(id) {
      byId[id].dispatch('click');
    },
    // The window's pageshow, as a back/forward navigation restoring the page gives it.
    pageshow(persisted) {
      for (const listener of windowListeners.pageshow || []) listener({ persisted });
    },
    windowListeners,
    intervals,
  };
}

/**
 * Loads the page from pageDir, connected and resumed (on an empty conversation unless `turns`
 * says what the server holds). `storage` and `clock` are shared by pages that stand for tabs of
 * one browser, or for a page and its reload.
 */
export async function openChatPage(pageDir, { storage = sharedStorage(), clock = fakeClock(), turns = [] } = {}) {
  const loaded = await loadChatPage(pageDir, { storage, clock });
  const { document, byId, errors, intervals, windowListeners } = loaded;
  const body = document.body;
  const socket = loaded.sockets.at(-1);
  socket.readyState = FakeSocket.OPEN;
  socket.onopen();
  const page = {
    document,
    socket,
    frame(frame) {
      socket.onmessage({ data: JSON.stringify(frame) });
      if (errors.length > 0) throw errors[0].at(-1);
    },
    // Types and sends a question; its messageId.
    ask(question) {
      byId.text.value = question;
      byId.composer.dispatch('submit');
      return socket.sent.filter((f) => f.action === 'sendMessage').at(-1).messageId;
    },
    answer(messageId) {
      return byId.log.querySelectorAll('.turn').find((e) => e.classList.contains('assistant') && e.dataset.messageId === messageId) ?? null;
    },
    all(tagName) {
      return descendants(body).filter((e) => e.tagName === tagName.toUpperCase());
    },
  };
  Object.assign(page, {
    storage,
    clock,
    // Moves the clock by ms and runs the page's interval timers once.
    tick(ms) {
      clock.now += ms;
      for (const fn of intervals) fn();
      if (errors.length > 0) throw errors[0].at(-1);
    },
    // The tab closes or reloads (pagehide); it runs nothing after.
    close() {
      for (const listener of windowListeners.pagehide || []) listener({ persisted: false });
      intervals.length = 0;
    },
    // The tab stops without a word (crashed, frozen, killed): nothing runs and nothing is said.
    crash() {
      intervals.length = 0;
    },
    // What the page sent as sendMessage, in order.
    sends() {
      return socket.sent.filter((f) => f.action === 'sendMessage');
    },
    // The log's turns in document order: [role, messageId] pairs.
    order() {
      return byId.log.querySelectorAll('.turn').map((e) => [e.classList.contains('user') ? 'user' : 'assistant', e.dataset.messageId]);
    },
    question(messageId) {
      return byId.log.querySelectorAll('.turn').find((e) => e.classList.contains('user') && e.dataset.messageId === messageId) ?? null;
    },
    outbox() {
      return JSON.parse(storage.getItem('mangaassist.outbox.' + byId.conversation.value) || '[]');
    },
  });
  page.frame({ type: 'resumed', conversationId: byId.conversation.value, seq: 0, turns });
  return page;
}
