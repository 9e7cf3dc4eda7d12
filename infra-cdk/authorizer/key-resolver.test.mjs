// node --test infra-cdk/authorizer: key discovery and the bounded JWKS refetch, against an OIDC
// issuer served here on 127.0.0.1 (discovery document + JWKS), with a clock the tests move.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { generateKeyPairSync, sign } from 'node:crypto';

const first = generateKeyPairSync('rsa', { modulusLength: 2048 });
const second = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = (pair, kid) => ({ ...pair.publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' });

// What the issuer serves; tests change it to rotate keys, fail, or lie about the issuer.
const served = { keys: [jwk(first, 'k1')], status: 200, issuerOverride: undefined };
const hits = { discovery: 0, jwks: 0 };
const server = createServer((request, response) => {
  if (request.url === '/.well-known/openid-configuration') {
    hits.discovery += 1;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ issuer: served.issuerOverride ?? issuer, jwks_uri: `${issuer}/keys` }));
  } else if (request.url === '/keys') {
    hits.jwks += 1;
    response.writeHead(served.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: served.keys }));
  } else {
    response.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;
after(() => server.close());

process.env.OIDC_ISSUER = issuer;
process.env.OIDC_AUDIENCE = 'mangaassist-chat';
const { createKeyResolver, verifyToken, REFETCH_INTERVAL_MS, KEYS_TTL_MS } = await import('./index.mjs');

function reset() {
  served.keys = [jwk(first, 'k1')];
  served.status = 200;
  served.issuerOverride = undefined;
  hits.discovery = 0;
  hits.jwks = 0;
}
function clock(start = 1_000_000) {
  const c = { at: start, now: () => c.at };
  return c;
}
const b64url = (b) => Buffer.from(b).toString('base64').replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_');
function token(claims, key, kid) {
  const head = b64url(JSON.stringify({ alg: 'RS256', kid, typ: 'JWT' }));
  const body = b64url(JSON.stringify(claims));
  return `${head}.${body}.${b64url(sign('RSA-SHA256', Buffer.from(`${head}.${body}`), key))}`;
}

test('verifyToken_whenIssuerPublishesKeysThroughDiscovery_acceptsToken', async () => {
  reset();
  const claims = { iss: issuer, aud: 'mangaassist-chat', sub: 'user-1', exp: Date.now() / 1000 + 300 };

  assert.equal(await verifyToken(token(claims, first.privateKey, 'k1')), 'user-1');
  assert.deepEqual(hits, { discovery: 1, jwks: 1 });
});

test('keyFor_whenBurstOfUnknownKids_fetchesJwksAtMostOncePerInterval', async () => {
  reset();
  const time = clock();
  const keyFor = createKeyResolver({ issuer, now: time.now });

  const burst = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => keyFor(`forged-${i}`)));
  assert.ok(burst.every((r) => r.status === 'rejected' && /unknown key/.test(r.reason.message)));
  assert.deepEqual(hits, { discovery: 1, jwks: 1 });

  time.at += REFETCH_INTERVAL_MS - 1;
  await Promise.allSettled(Array.from({ length: 200 }, (_, i) => keyFor(`forged-again-${i}`)));
  assert.equal(hits.jwks, 1, 'no refetch inside the interval');

  time.at += 1;
  await Promise.allSettled(Array.from({ length: 200 }, (_, i) => keyFor(`forged-later-${i}`)));
  assert.deepEqual(hits, { discovery: 1, jwks: 2 }, 'one refetch per interval, discovery cached');
  await keyFor('k1');
  assert.equal(hits.jwks, 2, 'a known key never fetches');
});

test('keyFor_whenIssuerRotatesKeys_findsNewKidOnceIntervalPassed', async () => {
  reset();
  const time = clock();
  const keyFor = createKeyResolver({ issuer, now: time.now });
  await keyFor('k1');
  served.keys = [jwk(first, 'k1'), jwk(second, 'k2')];

  time.at += REFETCH_INTERVAL_MS;
  const key = await keyFor('k2');

  assert.equal(key.asymmetricKeyType, 'rsa');
  assert.equal(hits.jwks, 2);
});

test('keyFor_whenIssuerUnreachableAfterTtl_keepsVerifyingWithCachedKeys', async () => {
  reset();
  const time = clock();
  const keyFor = createKeyResolver({ issuer, now: time.now });
  await keyFor('k1');
  served.status = 503;

  time.at += KEYS_TTL_MS + 1;
  await keyFor('k1');
  await keyFor('k1');

  assert.equal(hits.jwks, 2, 'one failed refresh, then the retry waits');
  await assert.rejects(keyFor('k9'), /unknown key/);
});

test('keyFor_whenColdAndIssuerUnreachable_rejectsAndRetriesAfterBackoff', async () => {
  reset();
  served.status = 500;
  const time = clock();
  const keyFor = createKeyResolver({ issuer, now: time.now, retryAfterFailureMs: 5_000 });

  await assert.rejects(keyFor('k1'), /keys unavailable/);
  await assert.rejects(keyFor('k1'), /unknown key/);
  assert.equal(hits.jwks, 1);
  served.status = 200;
  time.at += 5_000;

  await keyFor('k1');
  assert.equal(hits.jwks, 2);
});

test('keyFor_whenDiscoveryNamesAnotherIssuer_rejects', async () => {
  reset();
  served.issuerOverride = 'https://evil.example.com';
  const keyFor = createKeyResolver({ issuer, now: clock().now });

  await assert.rejects(keyFor('k1'), /discovery names issuer https:\/\/evil\.example\.com/);
  assert.equal(hits.jwks, 0);
});
