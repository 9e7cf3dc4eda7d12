// Usage: node oidc-sign-in.mjs <chat-url> <issuer> <user> <screenshot.png>
// The chat page in headless Chromium against a gateway in OIDC mode (./run-local.sh --oidc): opening
// it must lead to the OIDC stand-in's login form (authorization code with PKCE S256, a state and a
// nonce); signing in as <user> must come back to the page, signed in, with no code left in its URL,
// connected with an ID token whose sub is <user>; a question must be answered, streamed (token
// frames) and done; no token may be in localStorage, sessionStorage or a cookie; signing out must go
// through the stand-in's end_session endpoint (with an id_token_hint) back to the page's origin,
// no longer connected (or straight on to the login form, if a page signs in again at once).
// Prints `step <name>` as it goes and one JSON line at the end (`"ok":true` when every check held).
import { chromium } from 'playwright-core';

const [chatUrl, issuer, user, screenshot] = process.argv.slice(2);
const chatOrigin = new URL(chatUrl).origin;
const issuerOrigin = new URL(issuer).origin;
const QUESTION = 'Recommend a samurai manga like Vagabond';
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const result = { ok: false, steps: [] };
const step = (name) => {
  result.steps.push(name);
  console.log(`step ${name}`);
};
const claimsOf = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

try {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  result.problems = problems;
  // What the token endpoint handed the page, to look for in storage afterwards (never printed).
  const issued = [];
  page.on('response', async (response) => {
    if (response.url().split('?')[0] === `${issuer}/token` && response.request().method() === 'POST') {
      try {
        const body = await response.json();
        issued.push(...[body.id_token, body.access_token, body.refresh_token].filter(Boolean));
      } catch { /* an error answer or a preflight */ }
    }
  });
  const socketTokens = [];
  const frames = { token: 0, done: 0, error: 0 };
  page.on('websocket', (socket) => {
    const url = new URL(socket.url());
    socketTokens.push(url.searchParams.get('token') ?? '');
    socket.on('framereceived', ({ payload }) => {
      try {
        const frame = JSON.parse(String(payload));
        if (frame.type in frames) frames[frame.type] += 1;
      } catch { /* not JSON */ }
    });
  });

  // 1. Not signed in: the page sends the browser to the stand-in's login form.
  await page.goto(chatUrl);
  await page.waitForURL((u) => u.origin === issuerOrigin && u.pathname === '/authorize', { timeout: 30000 });
  const authorize = new URL(page.url()).searchParams;
  result.authorize = {
    response_type: authorize.get('response_type'), client_id: authorize.get('client_id'), scope: authorize.get('scope'),
    redirect_uri: authorize.get('redirect_uri'), code_challenge_method: authorize.get('code_challenge_method'),
    code_challenge: authorize.has('code_challenge'), state: authorize.has('state'), nonce: authorize.has('nonce'),
  };
  await page.locator('#username').waitFor({ state: 'visible', timeout: 10000 });
  step('login-form');

  // 2. Sign in: back on the page, signed in and connected, no code left in the URL.
  await page.fill('#username', user);
  await Promise.all([page.waitForURL((u) => u.origin === chatOrigin, { timeout: 30000 }), page.click('#sign-in')]);
  await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'open', null, { timeout: 30000 });
  const here = new URL(await page.evaluate(() => location.href));
  result.urlAfterSignIn = { path: here.pathname, query: [...here.searchParams.keys()], hash: here.hash.length > 0 };
  result.codeLeftInUrl = here.searchParams.has('code') || here.searchParams.has('state') || /code=/.test(here.hash);
  const socketToken = socketTokens.at(-1) ?? '';
  result.socketToken = JWT.test(socketToken) ? (({ iss, aud, sub, nonce }) => ({ iss, aud, sub, nonce: nonce !== undefined }))(claimsOf(socketToken))
    : { notAJwt: socketToken.slice(0, 12) };
  step('signed-in');

  // 3. Ask: the answer streams and ends.
  await page.fill('#text', QUESTION);
  await page.press('#text', 'Enter');
  const messageId = await page.evaluate(() => document.querySelector('.turn.user')?.dataset.messageId);
  await page.waitForFunction((id) => {
    const reply = document.querySelector(`.turn.assistant[data-message-id="${id}"] .content`);
    return reply && reply.textContent.length > 0;
  }, messageId, { timeout: 60000, polling: 50 });
  step('streaming');
  await page.waitForFunction((id) => {
    const meta = document.querySelector(`.turn.assistant[data-message-id="${id}"] .meta`);
    return meta && /baseline|overflow/.test(meta.textContent);
  }, messageId, { timeout: 120000, polling: 100 });
  result.answer = await page.evaluate((id) => {
    const answer = document.querySelector(`.turn.assistant[data-message-id="${id}"]`);
    return { chars: answer.querySelector('.content').textContent.length, meta: answer.querySelector('.meta').textContent,
      errors: document.querySelectorAll('.turn.assistant.error').length };
  }, messageId);
  result.frames = { ...frames };
  step('answered');

  // 4. Nothing of what the token endpoint issued is kept in storage the page's origin persists.
  const dumpStorage = () => page.evaluate(() => {
    const dump = (s) => Object.fromEntries([...Array(s.length).keys()].map((i) => [s.key(i), s.getItem(s.key(i))]));
    return { local: dump(localStorage), session: dump(sessionStorage), cookie: document.cookie };
  });
  const stored = await dumpStorage();
  const storedText = JSON.stringify(stored);
  result.tokensIssued = issued.length;
  result.storageKeys = { local: Object.keys(stored.local), session: Object.keys(stored.session) };
  result.tokenInStorage = JWT.test(storedText) || [...issued, socketToken].some((t) => t && storedText.includes(t));
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  step('storage-checked');

  // 5. Sign out through the stand-in's end_session endpoint, back to the page's origin.
  const signOut = page.locator('#sign-out, #signout, #logout, [data-action="sign-out"], [data-action="logout"]')
    .or(page.getByRole('button', { name: /sign out|log out|logout/i }))
    .or(page.getByRole('link', { name: /sign out|log out|logout/i })).first();
  await signOut.waitFor({ state: 'visible', timeout: 10000 });
  const logoutRequest = page.waitForRequest((r) => r.url().startsWith(`${issuer}/logout`), { timeout: 15000 });
  await signOut.click();
  const logout = new URL((await logoutRequest).url()).searchParams;
  result.logout = { post_logout_redirect_uri: logout.get('post_logout_redirect_uri'), id_token_hint: logout.has('id_token_hint'),
    client_id: logout.get('client_id') };
  // Back on the page (signed out), or already on the login form again if the page signs in at once.
  await page.waitForURL((u) => u.origin === chatOrigin || (u.origin === issuerOrigin && u.pathname === '/authorize'), { timeout: 15000 });
  await page.waitForLoadState('load');
  result.afterLogout = { origin: new URL(page.url()).origin === chatOrigin ? 'page' : 'login-form' };
  if (result.afterLogout.origin === 'page') {
    // Signed out: no longer connected (and not connecting again on its own).
    await page.waitForFunction(() => !['open', 'connecting'].includes(document.getElementById('status')?.dataset.state), null, { timeout: 10000 });
    result.afterLogout.status = await page.evaluate(() => document.getElementById('status')?.dataset.state);
    const after = JSON.stringify(await dumpStorage());
    result.tokenInStorageAfterLogout = JWT.test(after) || [...issued, socketToken].some((t) => t && after.includes(t));
  }
  step('signed-out');

  const a = result.authorize;
  result.ok = a.response_type === 'code' && a.code_challenge_method === 'S256' && a.code_challenge && a.state && a.nonce
    && a.redirect_uri?.startsWith(`${chatOrigin}/`) && /(^| )openid( |$)/.test(a.scope ?? '')
    && !result.codeLeftInUrl
    && result.socketToken.sub === user && result.socketToken.iss === issuer && result.socketToken.aud === a.client_id && result.socketToken.nonce
    && result.answer.chars > 0 && result.answer.errors === 0 && result.frames.token > 0 && result.frames.done > 0
    && result.tokensIssued > 0 && !result.tokenInStorage && result.tokenInStorageAfterLogout !== true
    && result.logout.post_logout_redirect_uri?.startsWith(`${chatOrigin}/`) && result.logout.id_token_hint;
} catch (e) {
  result.error = String(e).split('\n')[0];
  result.stuckAfter = result.steps.at(-1) ?? 'start';
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
