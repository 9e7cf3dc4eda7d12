// node --test infra-cdk/authorizer: the token checks with a key pair made here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';

process.env.OIDC_ISSUER = 'https://auth.example.com/';
process.env.OIDC_AUDIENCE = 'mangaassist-chat';
const { verifyToken } = await import('./index.mjs');
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

const b64url = (b) => Buffer.from(b).toString('base64').replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_');
function token(claims, key = privateKey, alg = 'RS256') {
  const head = b64url(JSON.stringify({ alg, kid: 'k1', typ: 'JWT' }));
  const body = b64url(JSON.stringify(claims));
  return `${head}.${body}.${b64url(sign('RSA-SHA256', Buffer.from(`${head}.${body}`), key))}`;
}
const now = 1_800_000_000;
const good = { iss: 'https://auth.example.com/', aud: 'mangaassist-chat', sub: 'user-7f3a', exp: now + 300 };
const keys = async () => publicKey;

test('verifyToken_whenValid_returnsSubject', async () => {
  assert.equal(await verifyToken(token(good), now, keys), 'user-7f3a');
});
test('verifyToken_whenSignedByAnotherKey_rejects', async () => {
  await assert.rejects(verifyToken(token(good, other.privateKey), now, keys), /bad signature/);
});
test('verifyToken_whenExpired_rejects', async () => {
  await assert.rejects(verifyToken(token({ ...good, exp: now - 1 }), now, keys), /expired/);
});
test('verifyToken_whenWrongAudienceOrIssuer_rejects', async () => {
  await assert.rejects(verifyToken(token({ ...good, aud: 'other' }), now, keys), /audience/);
  await assert.rejects(verifyToken(token({ ...good, iss: 'https://evil/' }), now, keys), /issuer/);
});
test('verifyToken_whenAlgNone_rejects', async () => {
  const unsigned = `${b64url(JSON.stringify({ alg: 'none' }))}.${b64url(JSON.stringify(good))}.`;
  await assert.rejects(verifyToken(unsigned, now, keys), /unsupported alg/);
});
test('verifyToken_whenNoKeyId_rejects', async () => {
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(good));
  const withoutKid = `${head}.${body}.${b64url(sign('RSA-SHA256', Buffer.from(`${head}.${body}`), privateKey))}`;
  await assert.rejects(verifyToken(withoutKid, now, keys), /no key id/);
});
test('verifyToken_whenMissingOrMalformed_rejects', async () => {
  await assert.rejects(verifyToken(undefined, now, keys), /malformed/);
  await assert.rejects(verifyToken('a.b', now, keys), /malformed/);
});
