// Usage: node verify-envelope.mjs <DSSE envelope file> <public key PEM file> <expected payloadType>
// Verifies a DSSE envelope written to a file (a blob's provenance as `cosign attest-blob` writes it,
// a signed release manifest, a waiver, an approval) with the Sigstore project's @sigstore/core:
// its key parsing, ECDSA verification and DSSE pre-authentication encoding. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { crypto, dsse } from '@sigstore/core';

const [file, keyFile, expectedType] = process.argv.slice(2);
const result = { ok: false };
try {
  const key = crypto.createPublicKey(readFileSync(keyFile, 'utf8'));
  const envelope = JSON.parse(readFileSync(file, 'utf8'));
  const payload = Buffer.from(envelope.payload, 'base64');
  const pae = dsse.preAuthEncoding(envelope.payloadType, payload);
  result.payloadType = envelope.payloadType;
  result.ok = envelope.payloadType === expectedType
    && envelope.signatures.some((s) => crypto.verify(pae, key, Buffer.from(s.sig, 'base64')));
  if (result.ok && envelope.payloadType === 'application/vnd.in-toto+json') {
    result.subjects = JSON.parse(payload.toString('utf8')).subject.map((s) => s.digest.sha256);
  }
} catch (e) {
  result.error = String(e);
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
