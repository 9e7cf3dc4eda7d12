// The chat page's sign-in where config.json says {"auth": {"mode": "oidc", issuer, clientId, scope}}:
// OpenID Connect's authorization code flow with PKCE (RFC 7636, S256), as a public client (no
// secret lives in a page). The issuer's endpoints come from its discovery document
// (<issuer>/.well-known/openid-configuration), which must name the configured issuer.
//
// Login sends the browser to the authorization endpoint with a fresh code_verifier's challenge, a
// random state and a random nonce. Those three are all that survives the redirect, in
// sessionStorage (this tab only), and only until the callback is handled. On return
// (?code&state, or ?error) the page first takes the callback's parameters out of the address bar
// (history.replaceState: the code never stays in the URL nor in the history), then checks the
// state against the one this tab sent, exchanges the code with its verifier at the token endpoint
// and checks the ID token's iss, aud, exp and nonce. The token's signature is not checked here:
// the page cannot keep anything a forger could not change, and what matters is the WebSocket
// $connect authorizer (infra-cdk/authorizer), which verifies it (RS256 against the issuer's keys)
// on every connect.
//
// Tokens live in this closure only: never in localStorage or sessionStorage, never in a message
// shown or logged. A reload therefore signs in again (silently, where the identity provider still
// has a session). Before the ID token expires it is refreshed with the refresh_token grant when one
// was issued; otherwise, or when the refresh fails, the next connect sends the user through login
// again (at most once per MIN_RELOGIN_INTERVAL_MS of a sign-in: a token that dies sooner is
// reported, with a login button, instead of looping through the identity provider).
// An error (error= in the callback, a state or nonce that does not match, a failed exchange, an
// unreachable issuer) is said in words and leaves the next step to a click on the login button:
// only a plain page load, with no callback and no sign-in left unfinished in this tab, goes to
// the identity provider on its own.
//
// Shared with the tests like reply-model.js: a global, MangaAssistAuth = { createOidcClient, pkceChallenge, decodeJwt }.
(function (root) {
  // sessionStorage keys: the unfinished sign-in ({ verifier, state, nonce, redirectUri }), and that the user signed out.
  const PENDING_KEY = 'mangaassist.oidc.pending';
  const SIGNED_OUT_KEY = 'mangaassist.oidc.signedOut';
  // How long before the ID token's exp it is refreshed (at most half its lifetime).
  const REFRESH_EARLY_MS = 60000;
  // A failed refresh is tried again this much later while the token still lives.
  const REFRESH_RETRY_MS = 15000;
  // A token with less left than this is not handed to a new connection.
  const MIN_TOKEN_LEFT_MS = 10000;
  // A session that ends sooner than this after its sign-in is not renewed through the identity provider on its own.
  const MIN_RELOGIN_INTERVAL_MS = 300000;
  const MAX_DESCRIPTION = 200;

  function base64url(bytes) {
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  // n random bytes as base64url: 48 give a 64-character code_verifier (RFC 7636: 43 to 128 of [A-Za-z0-9-._~]).
  function randomString(n) {
    return base64url(crypto.getRandomValues(new Uint8Array(n)));
  }

  // The S256 code_challenge of a verifier: base64url(SHA-256(ASCII(verifier))).
  async function pkceChallenge(verifier) {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
    return base64url(new Uint8Array(digest));
  }

  // A JWT's claims, decoded without checking its signature (the authorizer checks that).
  function decodeJwt(token) {
    const parts = String(token).split('.');
    if (parts.length !== 3) throw new Error('it is not a JWT');
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    if (!claims || typeof claims !== 'object') throw new Error('its claims are not an object');
    return claims;
  }

  function shorten(text) {
    const s = String(text);
    return s.length > MAX_DESCRIPTION ? s.slice(0, MAX_DESCRIPTION) + '…' : s;
  }

  /**
   * settings: config.json's auth ({ issuer, clientId, scope }). The client's answers to start(), login(), reauthenticate()
   * and logout() say what the page should show: { status: 'signedIn' } | { status: 'redirecting' } (the browser is
   * leaving) | { status: 'signedOut', message? } | { status: 'error', message }.
   */
  function createOidcClient(settings) {
    const issuer = settings && settings.issuer;
    const clientId = settings && settings.clientId;
    const scope = (settings && settings.scope) || 'openid';
    let discovery = null;
    let tokens = null; // { idToken, refreshToken, claims, nonce }: memory only
    let signedInAt = 0;
    let refreshTimer = null;
    let refreshing = null;

    const error = (message) => ({ status: 'error', message });

    // The page's own address without query or fragment: where the identity provider sends the browser back.
    function redirectUri() {
      return location.origin + location.pathname;
    }

    function sameProtocol(url) {
      return new URL(url).protocol === new URL(issuer).protocol;
    }

    async function discover() {
      if (discovery) return discovery;
      if (typeof issuer !== 'string' || !issuer || typeof clientId !== 'string' || !clientId) {
        throw new Error('config.json names no issuer or client id');
      }
      const url = issuer.replace(/\/+$/, '') + '/.well-known/openid-configuration';
      const response = await fetch(url, { credentials: 'omit' });
      if (!response.ok) throw new Error(`its discovery document answered ${response.status}`);
      const document = await response.json();
      if (document.issuer !== issuer) throw new Error('its discovery document names another issuer');
      for (const name of ['authorization_endpoint', 'token_endpoint']) {
        if (typeof document[name] !== 'string' || !sameProtocol(document[name])) throw new Error(`its ${name} is missing or not ${new URL(issuer).protocol}`);
      }
      if (document.end_session_endpoint != null && (typeof document.end_session_endpoint !== 'string' || !sameProtocol(document.end_session_endpoint))) {
        throw new Error(`its end_session_endpoint is not ${new URL(issuer).protocol}`);
      }
      discovery = document;
      return discovery;
    }

    function readPending() {
      try {
        return JSON.parse(sessionStorage.getItem(PENDING_KEY) || 'null');
      } catch (e) {
        return null;
      }
    }

    // The ID token's claims once it passes the checks a client makes (iss, aud, azp, exp, sub; the nonce of this
    // sign-in); else throws, saying why.
    function checkIdToken(idToken, { nonce, nonceIfPresent, sub }) {
      let claims;
      try {
        claims = decodeJwt(idToken);
      } catch (e) {
        throw new Error('it cannot be read');
      }
      if (claims.iss !== issuer) throw new Error('it was issued by another issuer');
      const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (!audiences.includes(clientId)) throw new Error('it is meant for another client');
      if (audiences.length > 1 && claims.azp !== undefined && claims.azp !== clientId) throw new Error('it was issued to another client');
      if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) throw new Error('it has expired');
      if (typeof claims.sub !== 'string' || !claims.sub) throw new Error('it names no user');
      if (nonce !== undefined && claims.nonce !== nonce) throw new Error('its nonce is not the one this sign-in sent');
      if (nonceIfPresent !== undefined && claims.nonce !== undefined && claims.nonce !== nonceIfPresent) throw new Error('its nonce is not the one this sign-in sent');
      if (sub !== undefined && claims.sub !== sub) throw new Error('it names another user');
      return claims;
    }

    async function tokenRequest(params) {
      const { token_endpoint: endpoint } = await discover();
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams(params).toString(),
        credentials: 'omit',
        cache: 'no-store',
      });
      let body = {};
      try {
        body = await response.json();
      } catch (e) {
        body = {};
      }
      return { ok: response.ok, status: response.status, body: body && typeof body === 'object' ? body : {} };
    }

    function scheduleRefresh() {
      clearTimeout(refreshTimer);
      refreshTimer = null;
      if (!tokens || !tokens.refreshToken) return;
      const left = tokens.claims.exp * 1000 - Date.now();
      refreshTimer = setTimeout(() => { refresh(); }, Math.max(0, left - Math.min(REFRESH_EARLY_MS, left / 2)));
    }

    // A new ID token by the refresh_token grant; whether one came. A refusal (the refresh token expired or was revoked)
    // drops the refresh token; another failure is tried again while the ID token lives.
    function refresh() {
      if (!tokens || !tokens.refreshToken) return Promise.resolve(false);
      if (refreshing) return refreshing;
      const current = tokens;
      refreshing = (async () => {
        try {
          const { ok, status, body } = await tokenRequest({ grant_type: 'refresh_token', refresh_token: current.refreshToken, client_id: clientId });
          if (tokens !== current) return false; // signed out meanwhile
          if (!ok || typeof body.id_token !== 'string') {
            if (status === 400 || status === 401) current.refreshToken = null;
            else retryRefresh();
            return false;
          }
          const claims = checkIdToken(body.id_token, { nonceIfPresent: current.nonce, sub: current.claims.sub });
          tokens = { idToken: body.id_token, refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : current.refreshToken, claims, nonce: current.nonce };
          scheduleRefresh();
          return true;
        } catch (e) {
          if (tokens === current) retryRefresh();
          return false;
        } finally {
          refreshing = null;
        }
      })();
      return refreshing;
    }

    function retryRefresh() {
      if (!tokens || !tokens.refreshToken || tokens.claims.exp * 1000 - Date.now() <= REFRESH_RETRY_MS) return;
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => { refresh(); }, REFRESH_RETRY_MS);
    }

    // Sends the browser to the identity provider with a fresh verifier, state and nonce.
    async function login() {
      let endpoint;
      try {
        endpoint = (await discover()).authorization_endpoint;
      } catch (e) {
        return error(`The sign-in service could not be reached (${e.message}).`);
      }
      let challenge;
      const verifier = randomString(48);
      try {
        challenge = await pkceChallenge(verifier);
      } catch (e) {
        return error('This browser cannot sign in here: signing in needs a secure page (https, or localhost).');
      }
      const state = randomString(24);
      const nonce = randomString(24);
      const redirect = redirectUri();
      sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, nonce, redirectUri: redirect }));
      sessionStorage.removeItem(SIGNED_OUT_KEY);
      const url = new URL(endpoint);
      const query = { response_type: 'code', client_id: clientId, redirect_uri: redirect, scope, state, nonce, code_challenge: challenge, code_challenge_method: 'S256' };
      for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
      location.assign(url.toString());
      return { status: 'redirecting' };
    }

    async function callback(params) {
      const pending = readPending();
      sessionStorage.removeItem(PENDING_KEY);
      // Out of the address bar (and the history entry) before anything else: a reload, a bookmark or a shared link never
      // carries the code, and never handles the same callback twice.
      history.replaceState(history.state, '', redirectUri() + location.hash);
      if (params.has('error')) {
        const description = params.get('error_description');
        return error(`The sign-in was refused: ${shorten(params.get('error'))}${description ? ` (${shorten(description)})` : ''}.`);
      }
      if (!pending || !params.get('state') || params.get('state') !== pending.state) {
        return error('The sign-in response does not belong to a sign-in started in this tab, so it was not used.');
      }
      let answer;
      try {
        answer = await tokenRequest({
          grant_type: 'authorization_code', code: params.get('code'), redirect_uri: pending.redirectUri || redirectUri(),
          client_id: clientId, code_verifier: pending.verifier,
        });
      } catch (e) {
        return error(`The sign-in could not be completed: the sign-in service could not be reached (${e.message}).`);
      }
      if (!answer.ok || typeof answer.body.id_token !== 'string') {
        const why = typeof answer.body.error === 'string' ? shorten(answer.body.error) : `HTTP ${answer.status}`;
        return error(`The sign-in could not be completed: the sign-in service did not accept it (${answer.ok ? 'no ID token' : why}).`);
      }
      let claims;
      try {
        claims = checkIdToken(answer.body.id_token, { nonce: pending.nonce });
      } catch (e) {
        return error(`The sign-in could not be completed: its ID token was refused (${e.message}).`);
      }
      tokens = {
        idToken: answer.body.id_token,
        refreshToken: typeof answer.body.refresh_token === 'string' ? answer.body.refresh_token : null,
        claims,
        nonce: pending.nonce,
      };
      signedInAt = Date.now();
      scheduleRefresh();
      return { status: 'signedIn' };
    }

    // A sign-in left unfinished (the user came back from the identity provider without an answer).
    // Or a sign-out left before the identity provider sent the browser back.
    function abandon() {
      const signedOut = sessionStorage.getItem(SIGNED_OUT_KEY);
      sessionStorage.removeItem(PENDING_KEY);
      sessionStorage.removeItem(SIGNED_OUT_KEY);
      return { status: 'signedOut', message: signedOut ? 'You are signed out.' : 'The sign-in was not completed.' };
    }

    return {
      redirectUri,

      /** On page load: handles a callback, or says the user signed out or left a sign-in unfinished, or starts login. */
      async start() {
        const params = new URLSearchParams(location.search);
        if (params.has('code') || params.has('error')) return callback(params);
        if (sessionStorage.getItem(SIGNED_OUT_KEY)) {
          sessionStorage.removeItem(SIGNED_OUT_KEY);
          sessionStorage.removeItem(PENDING_KEY);
          return { status: 'signedOut', message: 'You are signed out.' };
        }
        if (sessionStorage.getItem(PENDING_KEY)) return abandon();
        return login();
      },

      login,
      abandon,

      signedIn() {
        return tokens !== null;
      },

      /** The signed-in user as the page shows it: preferred_username, else email, else sub. */
      user() {
        if (!tokens) return null;
        const { preferred_username: name, email, sub } = tokens.claims;
        return name || email || sub;
      },

      subject() {
        return tokens ? tokens.claims.sub : null;
      },

      /** An ID token with time left for a new connection (refreshed first where it has too little), or null. */
      async idToken() {
        if (!tokens) return null;
        if (tokens.claims.exp * 1000 - Date.now() > MIN_TOKEN_LEFT_MS) return tokens.idToken;
        if (await refresh()) return tokens.idToken;
        return tokens && tokens.claims.exp * 1000 - Date.now() > MIN_TOKEN_LEFT_MS ? tokens.idToken : null;
      },

      /** The session ended and could not be renewed: through login again, unless it only just began. */
      async reauthenticate() {
        const recent = signedInAt > 0 && Date.now() - signedInAt < MIN_RELOGIN_INTERVAL_MS;
        tokens = null;
        clearTimeout(refreshTimer);
        if (recent) return error('Your session ended sooner than expected. Log in again to go on.');
        return login();
      },

      /** Forgets the tokens and, where the issuer names an end_session_endpoint, ends its session too. */
      logout() {
        const idToken = tokens && tokens.idToken;
        tokens = null;
        clearTimeout(refreshTimer);
        refreshTimer = null;
        sessionStorage.removeItem(PENDING_KEY);
        if (discovery && discovery.end_session_endpoint && idToken) {
          sessionStorage.setItem(SIGNED_OUT_KEY, '1');
          const url = new URL(discovery.end_session_endpoint);
          url.searchParams.set('id_token_hint', idToken);
          url.searchParams.set('post_logout_redirect_uri', redirectUri());
          url.searchParams.set('client_id', clientId);
          location.assign(url.toString());
          return { status: 'redirecting' };
        }
        return { status: 'signedOut', message: 'You are signed out.' };
      },
    };
  }

  root.MangaAssistAuth = { createOidcClient, pkceChallenge, decodeJwt };
})(typeof globalThis !== 'undefined' ? globalThis : window);
