// WebSocket $connect authorizer: accepts an OIDC JWT (RS256) passed as ?token=..., because
// browsers cannot set headers on a WebSocket handshake. The issuer and audience come from the
// environment; the signing keys are found the way OIDC defines it (the issuer's discovery
// document names its jwks_uri) and cached. No secret lives here.
import { createPublicKey, verify } from 'node:crypto';

const ISSUER = process.env.OIDC_ISSUER;
const AUDIENCE = process.env.OIDC_AUDIENCE;

// A token with an unknown kid may mean the issuer rotated its keys, so it may trigger a refetch,
// but at most one per interval: a burst of forged kids must not turn into a burst of fetches
// against the identity provider (nor slow every connect down to its latency).
export const REFETCH_INTERVAL_MS = 60_000;
// After a failed fetch, try again sooner: a cold function without keys refuses every connect.
export const RETRY_AFTER_FAILURE_MS = 5_000;
// Known keys are refreshed this often, so a revoked key stops working without a redeploy.
export const KEYS_TTL_MS = 10 * 60_000;
const FETCH_TIMEOUT_MS = 2_000;

const b64url = (s) => Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');

async function fetchJson(fetchFn, url) {
  const response = await fetchFn(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'error' });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

// Keys of one issuer: discovery once, then the JWKS, refetched on an unknown kid (bounded by
// refetchIntervalMs) or when older than ttlMs. Concurrent lookups share one fetch in flight.
export function createKeyResolver({
  issuer,
  fetchFn = fetch,
  now = Date.now,
  refetchIntervalMs = REFETCH_INTERVAL_MS,
  retryAfterFailureMs = RETRY_AFTER_FAILURE_MS,
  ttlMs = KEYS_TTL_MS,
}) {
  const discoveryUrl = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let keys = new Map();
  let fetchedAt = -Infinity;
  let lastAttempt = -Infinity;
  let lastFailed = false;
  let jwksUri;
  let inFlight = null;

  async function discover() {
    const document = await fetchJson(fetchFn, discoveryUrl);
    if (document.issuer !== issuer) throw new Error(`discovery names issuer ${document.issuer}, not ${issuer}`);
    const uri = new URL(document.jwks_uri);
    // Keys fetched over a weaker channel than the issuer itself could be swapped in transit.
    if (uri.protocol !== new URL(issuer).protocol) throw new Error(`jwks_uri ${uri} does not use ${new URL(issuer).protocol}`);
    return uri;
  }

  function refresh() {
    if (!inFlight) {
      lastAttempt = now();
      inFlight = (async () => {
        try {
          jwksUri ??= await discover();
          const jwks = await fetchJson(fetchFn, jwksUri);
          keys = new Map((jwks.keys ?? []).filter((k) => typeof k.kid === 'string' && k.kty === 'RSA').map((k) => [k.kid, k]));
          fetchedAt = now();
          lastFailed = false;
        } catch (e) {
          lastFailed = true;
          throw e;
        } finally {
          inFlight = null;
        }
      })();
    }
    return inFlight;
  }

  const mayRefetch = () => now() - lastAttempt >= (lastFailed ? retryAfterFailureMs : refetchIntervalMs);

  return async function keyFor(kid) {
    if (inFlight) await inFlight.catch(() => {});
    const stale = now() - fetchedAt > ttlMs;
    if ((stale || !keys.has(kid)) && mayRefetch()) {
      try {
        await refresh();
      } catch (e) {
        // A stale but known key still verifies while the issuer is unreachable.
        if (!keys.has(kid)) throw new Error(`keys unavailable: ${e.message}`);
      }
    }
    const jwk = keys.get(kid);
    if (!jwk) throw new Error('unknown key');
    return createPublicKey({ key: jwk, format: 'jwk' });
  };
}

let defaultResolver;
const keyFor = (kid) => (defaultResolver ??= createKeyResolver({ issuer: ISSUER }))(kid);

export async function verifyToken(token, now = Date.now() / 1000, publicKeyFor = keyFor) {
  const parts = (token ?? '').split('.');
  if (parts.length !== 3) throw new Error('malformed token');
  const header = JSON.parse(b64url(parts[0]).toString('utf8'));
  const claims = JSON.parse(b64url(parts[1]).toString('utf8'));
  if (header.alg !== 'RS256') throw new Error('unsupported alg');
  if (typeof header.kid !== 'string' || header.kid.length === 0 || header.kid.length > 256) throw new Error('no key id');
  const ok = verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), await publicKeyFor(header.kid), b64url(parts[2]));
  if (!ok) throw new Error('bad signature');
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (claims.iss !== ISSUER || !audiences.includes(AUDIENCE)) throw new Error('wrong issuer or audience');
  if (typeof claims.exp !== 'number' || claims.exp < now || (claims.nbf && claims.nbf > now + 60)) throw new Error('expired');
  if (typeof claims.sub !== 'string' || claims.sub.length === 0 || claims.sub.length > 256) throw new Error('no subject');
  return claims.sub;
}

export async function handler(event) {
  try {
    const principalId = await verifyToken(event.queryStringParameters?.token);
    return {
      principalId,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
      },
    };
  } catch (e) {
    console.log(JSON.stringify({ event: 'connect_denied', reason: e.message, requestId: event.requestContext?.requestId }));
    throw new Error('Unauthorized');
  }
}
