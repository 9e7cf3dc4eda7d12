// WebSocket $connect authorizer: accepts an OIDC JWT (RS256) passed as ?token=..., because
// browsers cannot set headers on a WebSocket handshake. The issuer and audience come from the
// environment; keys are fetched from the issuer's JWKS and cached. No secret lives here.
import { createPublicKey, verify } from 'node:crypto';

const ISSUER = process.env.OIDC_ISSUER;
const AUDIENCE = process.env.OIDC_AUDIENCE;
const JWKS_TTL_MS = 10 * 60 * 1000;
let jwks = { keys: [], fetchedAt: 0 };

const b64url = (s) => Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');

async function keyFor(kid) {
  if (Date.now() - jwks.fetchedAt > JWKS_TTL_MS || !jwks.keys.some((k) => k.kid === kid)) {
    const url = new URL('.well-known/jwks.json', ISSUER.endsWith('/') ? ISSUER : ISSUER + '/');
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) throw new Error(`jwks ${response.status}`);
    jwks = { keys: (await response.json()).keys ?? [], fetchedAt: Date.now() };
  }
  const jwk = jwks.keys.find((k) => k.kid === kid);
  if (!jwk) throw new Error('unknown key');
  return createPublicKey({ key: jwk, format: 'jwk' });
}

export async function verifyToken(token, now = Date.now() / 1000, publicKeyFor = keyFor) {
  const parts = (token ?? '').split('.');
  if (parts.length !== 3) throw new Error('malformed token');
  const header = JSON.parse(b64url(parts[0]).toString('utf8'));
  const claims = JSON.parse(b64url(parts[1]).toString('utf8'));
  if (header.alg !== 'RS256') throw new Error('unsupported alg');
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
