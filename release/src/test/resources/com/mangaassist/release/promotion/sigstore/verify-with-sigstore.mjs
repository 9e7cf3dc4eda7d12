// Usage: node verify-with-sigstore.mjs <registry host> <repository> <sha256:digest> <public key PEM file>
// Reads an image's signature and attestations from the registry the way cosign does (the
// sha256-<hex>.sig / .att tags over the OCI distribution API) and verifies them with the Sigstore
// project's own library (@sigstore/core: its key parsing, ECDSA verification and DSSE
// pre-authentication encoding), not with the code that wrote them. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { crypto, dsse } from '@sigstore/core';

const [host, repository, digest, keyFile] = process.argv.slice(2);
const key = crypto.createPublicKey(readFileSync(keyFile, 'utf8'));
const base = `http://${host}/v2/${repository}`;
const OCI = 'application/vnd.oci.image.manifest.v1+json';
const result = { signature: false, attestations: 0, predicateTypes: [], ok: false };

async function manifest(tag) {
  const response = await fetch(`${base}/manifests/${tag}`, { headers: { Accept: OCI } });
  if (!response.ok) throw new Error(`${tag}: HTTP ${response.status}`);
  return response.json();
}

async function blob(layer) {
  const response = await fetch(`${base}/blobs/${layer.digest}`);
  if (!response.ok) throw new Error(`blob ${layer.digest}: HTTP ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  if ('sha256:' + crypto.digest('sha256', bytes).toString('hex') !== layer.digest) throw new Error(`blob ${layer.digest} does not match its digest`);
  return bytes;
}

try {
  const tag = digest.replace(':', '-');
  const sig = await manifest(`${tag}.sig`);
  for (const layer of sig.layers) {
    if (layer.mediaType !== 'application/vnd.dev.cosign.simplesigning.v1+json') continue;
    const payload = await blob(layer);
    const signature = Buffer.from(layer.annotations['dev.cosignproject.cosign/signature'], 'base64');
    const claims = JSON.parse(payload.toString('utf8'));
    if (crypto.verify(payload, key, signature) && claims.critical.image['docker-manifest-digest'] === digest
        && claims.critical.type === 'cosign container image signature') {
      result.signature = true;
    }
  }
  const att = await manifest(`${tag}.att`);
  for (const layer of att.layers) {
    if (layer.mediaType !== 'application/vnd.dsse.envelope.v1+json') continue;
    const envelope = JSON.parse((await blob(layer)).toString('utf8'));
    const payload = Buffer.from(envelope.payload, 'base64');
    const pae = dsse.preAuthEncoding(envelope.payloadType, payload);
    if (envelope.signatures.some((s) => crypto.verify(pae, key, Buffer.from(s.sig, 'base64')))) {
      const statement = JSON.parse(payload.toString('utf8'));
      if (statement.subject.some((s) => 'sha256:' + s.digest.sha256 === digest) && layer.annotations.predicateType === statement.predicateType) {
        result.attestations++;
        result.predicateTypes.push(statement.predicateType);
      }
    }
  }
  result.ok = result.signature && result.attestations > 0;
} catch (e) {
  result.error = String(e);
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
