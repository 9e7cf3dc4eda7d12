// The chat page's sign-in (issue 30, item 1): config.json says the mode. In mode oidc, auth.js signs
// in by the authorization code flow with PKCE against a fake issuer (its discovery document and
// token endpoint answered by a stubbed fetch): the authorize redirect and its parameters, the
// callback's code exchanged with the verifier and taken out of the address bar, state, nonce and
// claim checks that refuse, tokens kept out of storage and console, the refresh before expiry and
// the reconnect with the current token, logging out, errors said with a login button and no loop.
// In mode dev (or without config.json) the page is what it was. And index.html holds nothing a
// strict CSP (script-src 'self'; style-src 'self') would block. Run by ChatPageScriptTest:
//   PAGE_DIR=<src/main/resources/com/mangaassist/gateway/page> node --test chat-page-auth.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadChatPage, sharedStorage, fakeClock, PAGE_ELEMENTS } from './chat-page-harness.mjs';

const PAGE = process.env.PAGE_DIR;
const ISSUER = 'https://login.example.com/pool-1';
const CLIENT_ID = 'manga-chat-client';
const WS_URL = 'wss://chat-api.example.com/live';
const PAGE_URL = 'https://chat.example.com/';
const OIDC_CONFIG = { webSocketUrl: WS_URL, auth: { mode: 'oidc', issuer: ISSUER, clientId: CLIENT_ID, scope: 'openid profile email' } };
const DISCOVERY = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/oauth2/authorize`,
  token_endpoint: `${ISSUER}/oauth2/token`,
  end_session_endpoint: `${ISSUER}/logout`,
  jwks_uri: `${ISSUER}/jwks.json`,
};
const HOUR_S = 3600;

const b64url = (text) => Buffer.from(text).toString('base64url');
// An ID token as the page sees it: decoded, never verified (the authorizer verifies the signature).
const jwt = (claims) => `${b64url(JSON.stringify({ alg: 'RS256', kid: 'key-1' }))}.${b64url(JSON.stringify(claims))}.c2lnbmF0dXJl`;
const json = (body, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body });

/**
 * A fake identity provider and the page's host: config.json, the discovery document and the token endpoint. Each
 * token endpoint call is kept (its form parameters) and answered by `token(params, issuer)`, by default as a real
 * issuer would: an ID token for the nonce of the last authorize redirect, and a refresh token where `refresh` says.
 */
function fakeIssuer({ config = OIDC_CONFIG, discovery = DISCOVERY, refresh = true, claims = {}, token, clock } = {}) {
  const issuer = {
    clock,
    nonce: null,
    issued: [], // every token the issuer gave out: none may ever reach storage or the console
    tokenCalls: [],
    lifetimeS: HOUR_S,
    idToken(extra = {}) {
      const value = jwt({
        iss: ISSUER, aud: CLIENT_ID, sub: 'user-7f3a', preferred_username: 'reader.aiko', email: 'aiko@example.com',
        exp: Math.floor(issuer.clock.now / 1000) + issuer.lifetimeS, iat: Math.floor(issuer.clock.now / 1000), nonce: issuer.nonce,
        ...claims, ...extra,
      });
      issuer.issued.push(value);
      return value;
    },
    answer(params) {
      const n = issuer.tokenCalls.length - 1;
      const body = { id_token: issuer.idToken(params.grant_type === 'refresh_token' ? { nonce: undefined } : {}), access_token: `access-${n}-x9`, token_type: 'Bearer', expires_in: HOUR_S };
      issuer.issued.push(body.access_token);
      if (refresh) {
        body.refresh_token = `refresh-${n}-q7`;
        issuer.issued.push(body.refresh_token);
      }
      return json(body);
    },
    async fetch(url, init = {}) {
      if (url === 'config.json' || url.endsWith('/config.json')) return config == null ? json({ message: 'Not Found' }, 404) : json(config);
      if (url === `${ISSUER}/.well-known/openid-configuration`) return json(discovery);
      if (url === DISCOVERY.token_endpoint) {
        assert.equal(init.method, 'POST');
        assert.equal(init.headers['Content-Type'], 'application/x-www-form-urlencoded');
        const params = Object.fromEntries(new URLSearchParams(init.body));
        issuer.tokenCalls.push(params);
        return token ? token(params, issuer) : issuer.answer(params);
      }
      return json({ message: 'Not Found' }, 404);
    },
  };
  return issuer;
}

/** One browser tab: its localStorage, sessionStorage and clock, with every value the page stored recorded. */
function browserTab() {
  const written = [];
  const recorded = (storage, name) => {
    const setItem = storage.setItem;
    storage.setItem = (k, v) => {
      written.push([name, k, String(v)]);
      return setItem(k, v);
    };
    return storage;
  };
  return { storage: recorded(sharedStorage(), 'localStorage'), sessionStorage: recorded(sharedStorage(), 'sessionStorage'), clock: fakeClock(), written };
}

async function load(tab, issuer, href = PAGE_URL) {
  issuer.clock = tab.clock;
  const page = await loadChatPage(PAGE, { ...tab, fetch: (url, init) => issuer.fetch(url, init), href });
  await page.settle();
  return page;
}

const pending = (tab) => JSON.parse(tab.sessionStorage.getItem('mangaassist.oidc.pending'));
const visible = (page, id) => page.byId[id].hidden === false;
const tokenCalls = (page) => page.requests.filter((r) => r.url === DISCOVERY.token_endpoint);

/** A page opened fresh in mode oidc: it went to the issuer. Its authorize URL, and the verifier it kept. */
async function redirected(options = {}) {
  const tab = options.tab ?? browserTab();
  const issuer = options.issuer ?? fakeIssuer(options);
  const page = await load(tab, issuer, options.href);
  assert.equal(page.navigations.length, 1, 'the page went to the identity provider');
  const authorize = new URL(page.navigations[0]);
  issuer.nonce = authorize.searchParams.get('nonce');
  return { tab, issuer, page, authorize, verifier: pending(tab).verifier };
}

/** A page back from the issuer with a code, signed in and connected (its socket open and resumed). */
async function signedIn(options = {}) {
  const first = await redirected(options);
  const { tab, issuer, authorize } = first;
  const page = await load(tab, issuer, `${PAGE_URL}?code=code-abc&state=${authorize.searchParams.get('state')}`);
  const socket = page.sockets.at(-1);
  assert.ok(socket, page.byId['signin-message'].textContent || 'a socket was opened');
  socket.readyState = 1;
  socket.onopen();
  return { ...first, page, socket };
}

test('a fresh page in mode oidc finds the issuer\'s endpoints and goes to its authorization endpoint with the code flow\'s parameters', async () => {
  const { page, authorize, tab } = await redirected();

  assert.deepEqual(page.requests.map((r) => r.url), ['config.json', `${ISSUER}/.well-known/openid-configuration`]);
  assert.equal(page.requests[0].init.cache, 'no-store', 'config.json is fetched past every cache');
  assert.equal(authorize.origin + authorize.pathname, DISCOVERY.authorization_endpoint);
  const params = Object.fromEntries(authorize.searchParams);
  assert.deepEqual(Object.keys(params).sort(),
    ['client_id', 'code_challenge', 'code_challenge_method', 'nonce', 'redirect_uri', 'response_type', 'scope', 'state']);
  assert.equal(params.response_type, 'code');
  assert.equal(params.client_id, CLIENT_ID);
  assert.equal(params.redirect_uri, PAGE_URL);
  assert.equal(params.scope, 'openid profile email');
  assert.equal(params.code_challenge_method, 'S256');
  assert.match(params.state, /^[A-Za-z0-9_-]{32,}$/);
  assert.match(params.nonce, /^[A-Za-z0-9_-]{32,}$/);
  assert.notEqual(params.state, params.nonce);
  // What survives the redirect: the verifier, state and nonce, in this tab's sessionStorage only.
  assert.deepEqual(pending(tab), { verifier: pending(tab).verifier, state: params.state, nonce: params.nonce, redirectUri: PAGE_URL });
  assert.equal(tab.storage.length, 2, 'localStorage holds the conversation and the tab heartbeat, nothing of the sign-in');
  assert.deepEqual(page.sockets, [], 'nothing connects before sign-in');
  assert.equal(page.byId.status.textContent, 'Signing in…');
  assert.ok(!visible(page, 'principal-field'), 'no dev token in mode oidc');
});

test('the code_challenge is base64url(SHA-256(code_verifier)), and the verifier 43 to 128 unreserved characters, new each login', async () => {
  const { authorize, verifier, page } = await redirected();

  assert.match(verifier, /^[A-Za-z0-9._~-]{43,128}$/);
  assert.equal(authorize.searchParams.get('code_challenge'), createHash('sha256').update(verifier).digest('base64url'));
  // RFC 7636, appendix B.
  assert.equal(await page.window.MangaAssistAuth.pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');

  const again = await redirected();
  assert.notEqual(again.verifier, verifier);
  assert.notEqual(again.authorize.searchParams.get('state'), authorize.searchParams.get('state'));
  assert.notEqual(again.authorize.searchParams.get('nonce'), authorize.searchParams.get('nonce'));
});

test('the redirect_uri is the page\'s own address without its query or fragment', async () => {
  const { authorize } = await redirected({ href: 'https://chat.example.com/app/index.html?lang=ja#top' });

  assert.equal(authorize.searchParams.get('redirect_uri'), 'https://chat.example.com/app/index.html');
});

test('the callback exchanges the code with the verifier, takes code and state out of the address bar and sessionStorage, and connects with the ID token', async () => {
  const { page, issuer, verifier, tab, socket } = await signedIn();

  assert.deepEqual(issuer.tokenCalls, [{
    grant_type: 'authorization_code', code: 'code-abc', redirect_uri: PAGE_URL, client_id: CLIENT_ID, code_verifier: verifier,
  }]);
  const [exchange] = tokenCalls(page);
  assert.equal(exchange.href, PAGE_URL, 'the code left the address bar before it was exchanged');
  assert.equal(page.location.href, PAGE_URL);
  assert.deepEqual(page.replaced, [PAGE_URL]);
  assert.equal(tab.sessionStorage.length, 0, 'the verifier, state and nonce are gone');
  assert.equal(page.navigations.length, 0);

  const idToken = issuer.issued[0];
  assert.equal(socket.url, `${WS_URL}?token=${idToken}`);
  assert.equal(page.byId.user.textContent, 'reader.aiko');
  assert.ok(visible(page, 'account') && !visible(page, 'signin') && !visible(page, 'principal-field'));
  assert.equal(page.byId.status.textContent, 'Connected');
  assert.deepEqual(socket.sent.map((f) => f.action), ['resume', 'usage']);
});

test('the signed-in user shows as preferred_username, else email, else sub', async () => {
  const byEmail = await signedIn({ claims: { preferred_username: undefined } });
  assert.equal(byEmail.page.byId.user.textContent, 'aiko@example.com');

  const bySub = await signedIn({ claims: { preferred_username: undefined, email: undefined } });
  assert.equal(bySub.page.byId.user.textContent, 'user-7f3a');
});

test('a callback whose state is not the one this tab sent is refused: no exchange, a message and a login button, no loop', async () => {
  const { tab, issuer } = await redirected();

  const page = await load(tab, issuer, `${PAGE_URL}?code=code-abc&state=forged-state`);

  assert.equal(tokenCalls(page).length, 0, 'the code is not exchanged');
  assert.deepEqual(page.sockets, []);
  assert.deepEqual(page.navigations, [], 'the page does not go back to the identity provider on its own');
  assert.equal(page.location.href, PAGE_URL, 'the refused code left the address bar too');
  assert.equal(tab.sessionStorage.length, 0);
  assert.ok(visible(page, 'signin') && !visible(page, 'account'));
  assert.match(page.byId['signin-message'].textContent, /does not belong to a sign-in started in this tab/);
  assert.equal(page.byId.status.dataset.state, 'signed-out');

  page.click('login');
  await page.settle();
  assert.equal(page.navigations.length, 1, 'the login button starts a new sign-in');
  assert.notEqual(new URL(page.navigations[0]).searchParams.get('state'), 'forged-state');
});

test('a callback in a tab that started no sign-in is refused the same way', async () => {
  const tab = browserTab();
  const page = await load(tab, fakeIssuer(), `${PAGE_URL}?code=code-abc&state=some-state`);

  assert.equal(tokenCalls(page).length, 0);
  assert.deepEqual(page.navigations, []);
  assert.ok(visible(page, 'signin'));
});

test('an ID token whose nonce is not this sign-in\'s is refused, and so are another issuer\'s, another client\'s and an expired one', async () => {
  const cases = [
    [{ nonce: 'replayed-nonce' }, /nonce/],
    [{ iss: 'https://evil.example.com' }, /another issuer/],
    [{ aud: 'another-client' }, /another client/],
    [{ aud: ['another-client', CLIENT_ID], azp: 'another-client' }, /another client/],
    [{ exp: Math.floor(fakeClock().now / 1000) - 5 }, /expired/],
  ];
  for (const [claims, why] of cases) {
    const issuer = fakeIssuer({ token: (params, me) => json({ id_token: me.idToken(claims), refresh_token: 'refresh-never-used' }) });
    const { tab } = await redirected({ issuer });
    const page = await load(tab, issuer, `${PAGE_URL}?code=code-abc&state=${pending(tab).state}`);

    assert.equal(tokenCalls(page).length, 1, JSON.stringify(claims));
    assert.deepEqual(page.sockets, [], JSON.stringify(claims));
    assert.deepEqual(page.navigations, [], JSON.stringify(claims));
    assert.ok(visible(page, 'signin') && !visible(page, 'account'), JSON.stringify(claims));
    assert.match(page.byId['signin-message'].textContent, /ID token was refused/);
    assert.match(page.byId['signin-message'].textContent, why);
    assert.equal(page.location.href, PAGE_URL);
    assert.equal(tab.sessionStorage.length, 0);
  }
});

test('an error from the identity provider or a failed exchange is said in words, with a login button and no loop', async () => {
  const refused = await redirected();
  const denied = await load(refused.tab, refused.issuer,
    `${PAGE_URL}?error=access_denied&error_description=The+user+cancelled&state=${pending(refused.tab).state}`);
  assert.equal(tokenCalls(denied).length, 0);
  assert.deepEqual(denied.navigations, []);
  assert.equal(denied.byId['signin-message'].textContent, 'The sign-in was refused: access_denied (The user cancelled).');
  assert.ok(visible(denied, 'signin'));
  assert.equal(denied.location.href, PAGE_URL);

  const issuer = fakeIssuer({ token: () => json({ error: 'invalid_grant', error_description: 'code expired' }, 400) });
  const { tab } = await redirected({ issuer });
  const failed = await load(tab, issuer, `${PAGE_URL}?code=code-abc&state=${pending(tab).state}`);
  assert.match(failed.byId['signin-message'].textContent, /did not accept it \(invalid_grant\)/);
  assert.deepEqual(failed.navigations, []);
  assert.deepEqual(failed.sockets, []);
  assert.equal(tab.sessionStorage.length, 0);

  const unreachable = fakeIssuer({ discovery: { ...DISCOVERY, issuer: 'https://elsewhere.example.com' } });
  const page = await load(browserTab(), unreachable);
  assert.deepEqual(page.navigations, []);
  assert.match(page.byId['signin-message'].textContent, /could not be reached \(its discovery document names another issuer\)/);
});

test('coming back from the identity provider without an answer says the sign-in was not completed and waits for a click', async () => {
  const { tab, issuer } = await redirected();

  const back = await load(tab, issuer); // the user pressed Back on the identity provider's page
  assert.deepEqual(back.navigations, []);
  assert.equal(back.byId['signin-message'].textContent, 'The sign-in was not completed.');
  assert.equal(tab.sessionStorage.length, 0);

  const restored = await redirected();
  restored.page.pageshow(true); // the same page restored from the back/forward cache
  assert.ok(visible(restored.page, 'signin'));
  assert.equal(restored.page.byId.status.textContent, 'Not signed in');
});

test('the ID token is refreshed shortly before it expires, and a reconnect uses the new one', async () => {
  const { page, issuer, socket, tab } = await signedIn();
  const first = issuer.issued[0];

  tab.clock.now += (HOUR_S - 61) * 1000;
  page.runTimeouts();
  await page.settle();
  assert.equal(issuer.tokenCalls.length, 1, 'not refreshed more than a minute early');

  tab.clock.now += 1000;
  page.runTimeouts();
  await page.settle();
  assert.deepEqual(issuer.tokenCalls[1], { grant_type: 'refresh_token', refresh_token: 'refresh-0-q7', client_id: CLIENT_ID });
  assert.notEqual(issue(issuer, 1), first);
  assert.equal(socket.closed, null, 'the open connection stays: it was authorized when it connected');

  socket.onclose({ code: 1001 });
  tab.clock.now += 100;
  page.runTimeouts();
  await page.settle();
  assert.equal(page.sockets.length, 2);
  assert.equal(page.sockets[1].url, `${WS_URL}?token=${issue(issuer, 1)}`);

  // The next refresh sends the rotated refresh token.
  tab.clock.now += HOUR_S * 1000;
  page.runTimeouts();
  await page.settle();
  assert.equal(issuer.tokenCalls[2].refresh_token, 'refresh-1-q7');
});

// The ID token of the issuer's nth answer at its token endpoint.
function issue(issuer, n) {
  return issuer.issued.filter((t) => t.split('.').length === 3)[n];
}

test('without a refresh token, a reconnect after the ID token expired goes through login again; one that dies right after sign-in asks for a click', async () => {
  const { page, issuer, socket, tab } = await signedIn({ refresh: false });

  assert.equal(page.timeouts.length, 0, 'no refresh scheduled');
  tab.clock.now += (HOUR_S + 1) * 1000;
  socket.onclose({ code: 1001 });
  tab.clock.now += 100;
  page.runTimeouts();
  await page.settle();
  assert.equal(page.sockets.length, 1, 'no connection with an expired token');
  assert.equal(page.navigations.length, 1);
  assert.equal(new URL(page.navigations[0]).origin + new URL(page.navigations[0]).pathname, DISCOVERY.authorization_endpoint);
  assert.equal(issuer.tokenCalls.length, 1);

  const shortLived = fakeIssuer({ refresh: false });
  shortLived.lifetimeS = 60;
  const brief = await signedIn({ issuer: shortLived });
  brief.tab.clock.now += 61 * 1000;
  brief.socket.onclose({ code: 1006 });
  brief.tab.clock.now += 100;
  brief.page.runTimeouts();
  await brief.page.settle();
  assert.deepEqual(brief.page.navigations, [], 'no loop through the identity provider');
  assert.match(brief.page.byId['signin-message'].textContent, /session ended sooner than expected/);
  assert.ok(visible(brief.page, 'signin'));
});

test('logging out forgets the tokens, closes the socket and ends the issuer\'s session; the page comes back signed out', async () => {
  const { page, issuer, socket, tab } = await signedIn();
  const idToken = issuer.issued[0];

  page.click('logout');
  assert.deepEqual(socket.closed, { code: 1000, reason: 'signed out' });
  assert.equal(page.navigations.length, 1);
  const logout = new URL(page.navigations[0]);
  assert.equal(logout.origin + logout.pathname, DISCOVERY.end_session_endpoint);
  assert.equal(logout.searchParams.get('id_token_hint'), idToken);
  assert.equal(logout.searchParams.get('post_logout_redirect_uri'), PAGE_URL);
  assert.equal(logout.searchParams.get('client_id'), CLIENT_ID);
  assert.equal(page.byId.status.textContent, 'Signing out…');

  // The socket's close event comes: no reconnect, and no token for one.
  socket.onclose({ code: 1000 });
  tab.clock.now += 10000;
  page.runTimeouts();
  await page.settle();
  assert.equal(page.sockets.length, 1);
  assert.equal(issuer.tokenCalls.length, 1, 'no refresh after logout');

  const back = await load(tab, issuer);
  assert.deepEqual(back.navigations, [], 'back from the issuer signed out, not sent to sign in again');
  assert.equal(back.byId['signin-message'].textContent, 'You are signed out.');
  assert.ok(visible(back, 'signin') && !visible(back, 'account'));
});

test('logging out where discovery names no end_session_endpoint forgets the tokens and stays on the page, signed out', async () => {
  const { page, socket, tab } = await signedIn({ discovery: { ...DISCOVERY, end_session_endpoint: undefined } });

  page.click('logout');
  assert.deepEqual(socket.closed, { code: 1000, reason: 'signed out' });
  assert.deepEqual(page.navigations, []);
  assert.equal(page.byId['signin-message'].textContent, 'You are signed out.');
  assert.ok(visible(page, 'signin') && !visible(page, 'account'));

  tab.clock.now += HOUR_S * 1000;
  page.runTimeouts();
  await page.settle();
  assert.equal(page.sockets.length, 1, 'nothing connects again');
});

test('no token is ever written to localStorage or sessionStorage, to the console or to the page', async () => {
  const { page, issuer, socket, tab } = await signedIn();
  tab.clock.now += HOUR_S * 1000;
  page.runTimeouts();
  await page.settle();
  socket.onclose({ code: 1001 });
  tab.clock.now += 100;
  page.runTimeouts();
  await page.settle();
  page.click('logout');
  assert.ok(issuer.issued.length >= 6, 'two sign-ins\' worth of tokens were given out');

  const everything = [
    ...tab.written.map(([, k, v]) => `${k}=${v}`),
    ...tab.storage.map.values(), ...tab.sessionStorage.map.values(),
    ...page.consoleOutput.map((line) => line.map(String).join(' ')),
    page.document.body.textContent,
  ].join('\n');
  for (const token of issuer.issued) {
    assert.ok(!everything.includes(token), `a token was stored, logged or shown: ${token.slice(0, 12)}…`);
    assert.ok(!everything.includes(token.split('.')[1] ?? token), 'not even an ID token\'s claims');
  }
  assert.deepEqual([...new Set(tab.written.filter(([where]) => where === 'sessionStorage').map(([, k]) => k))],
    ['mangaassist.oidc.pending', 'mangaassist.oidc.signedOut']);
});

test('each signed-in user has their own conversation on this browser, so nobody sends what another left unsent', async () => {
  const { page, tab } = await signedIn();
  const aikos = page.byId.conversation.value;
  assert.equal(tab.storage.getItem('mangaassist.conversation.user-7f3a'), aikos);

  page.click('logout');
  // Another tab of the same browser (its localStorage), another user.
  const other = await signedIn({ tab: { ...browserTab(), storage: tab.storage }, claims: { sub: 'user-0b12', preferred_username: 'ken' } });
  assert.notEqual(other.page.byId.conversation.value, aikos);
  assert.equal(other.socket.sent[0].conversationId, other.page.byId.conversation.value);

  const again = await signedIn({ tab: { ...browserTab(), storage: tab.storage } });
  assert.equal(again.page.byId.conversation.value, aikos, 'back in their own conversation');
});

test('mode dev is as before: the dev token field, config\'s webSocketUrl, no sign-in', async () => {
  // The page served by one port, the gateway's WebSocket on another: config.json says where.
  const devConfig = { webSocketUrl: 'ws://127.0.0.1:9124/ws', auth: { mode: 'dev' }, clientSilenceMs: 30000 };
  const page = await load(browserTab(), fakeIssuer({ config: devConfig }), 'http://127.0.0.1:9123/');

  assert.deepEqual(page.requests.map((r) => r.url), ['config.json']);
  assert.equal(page.sockets.length, 1);
  assert.equal(page.sockets[0].url, 'ws://127.0.0.1:9124/ws?token=dev-user');
  assert.ok(visible(page, 'principal-field') && !visible(page, 'account') && !visible(page, 'signin'));
  assert.deepEqual(page.navigations, []);
  assert.deepEqual(page.replaced, []);

  page.byId.principal.value = 'dev-other';
  page.byId.principal.dispatch('change');
  page.sockets[0].onclose({ code: 1000 });
  page.clock.now += 100;
  page.runTimeouts();
  assert.equal(page.sockets[1].url, 'ws://127.0.0.1:9124/ws?token=dev-other');
});

test('without config.json, or with one that names no auth (an older local gateway), the page is in mode dev on this host\'s /ws', async () => {
  for (const config of [null, { clientSilenceMs: 30000 }]) {
    const page = await load(browserTab(), fakeIssuer({ config }), 'http://127.0.0.1:8765/');

    assert.equal(page.sockets.length, 1, JSON.stringify(config));
    assert.equal(page.sockets[0].url, 'ws://127.0.0.1:8765/ws?token=dev-user');
    assert.ok(visible(page, 'principal-field') && !visible(page, 'account') && !visible(page, 'signin'));
    assert.equal(page.requests.length, 1);
  }
});

test('an unknown auth mode is said, not guessed', async () => {
  const page = await load(browserTab(), fakeIssuer({ config: { webSocketUrl: WS_URL, auth: { mode: 'saml' } } }));

  assert.deepEqual(page.sockets, []);
  assert.match(page.byId['signin-message'].textContent, /does not know the sign-in mode "saml"/);
});

test('index.html has the elements the page uses, loads auth.js before chat.js, and holds no inline script or style', () => {
  const html = readFileSync(join(PAGE, 'index.html'), 'utf8');

  assert.deepEqual([...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].map(([, attributes, body]) => [attributes.trim(), body]),
    [['src="/reply-model.js"', ''], ['src="/auth.js"', ''], ['src="/chat.js"', '']]);
  assert.doesNotMatch(html, /<style\b/i);
  assert.doesNotMatch(html, /\sstyle\s*=/i);
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handlers');
  assert.doesNotMatch(html, /javascript:/i);
  for (const [id, tag, hidden] of PAGE_ELEMENTS) {
    const element = html.match(new RegExp(`<${tag}\\b[^>]*\\bid="${id}"[^>]*>`));
    assert.ok(element, `index.html has <${tag} id="${id}">`);
    assert.equal(/\shidden[\s>]/.test(element[0]), Boolean(hidden), `${id} starts ${hidden ? 'hidden' : 'shown'}`);
  }
  assert.match(readFileSync(join(PAGE, 'chat.css'), 'utf8'), /\[hidden\]\s*\{\s*display:\s*none\s*!important;\s*\}/);
});
