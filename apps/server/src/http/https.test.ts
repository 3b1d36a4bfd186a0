import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createDevToken } from '../auth/dev-token.js';
import { startServer } from '../server.js';
import { CATALOGS } from '../testing/jest-helpers.js';
import { createDevCertificate } from './tls.js';

const run = promisify(execFile);

// A separate node process, so that its own fetch (undici) trusts the certificate the way a user's would:
// through NODE_EXTRA_CA_CERTS, with full verification on.
async function fetchInChild(url: string, token: string, caFile?: string) {
  const script = `fetch(${JSON.stringify(url)}, { headers: { authorization: 'Bearer ${token}' } })
    .then(async (r) => console.log(JSON.stringify({ status: r.status, body: await r.json() })))
    .catch((e) => console.log(JSON.stringify({ error: String(e.cause?.code ?? e.message) })));`;
  const env = { ...process.env, ...(caFile ? { NODE_EXTRA_CA_CERTS: caFile } : {}) };
  delete (env as Record<string, string | undefined>).NODE_TLS_REJECT_UNAUTHORIZED;
  const { stdout } = await run(process.execPath, ['-e', script], { env });
  return JSON.parse(stdout.trim());
}

it('serves the same answers over HTTPS with a self-signed certificate that clients can trust', async () => {
  const tls = await createDevCertificate();
  const caFile = join(mkdtempSync(join(tmpdir(), 'stub-tls-')), 'stub.crt.pem');
  writeFileSync(caFile, tls.cert);
  const https = await startServer({ port: 0, tls, validateResponses: true });
  const http = await startServer({ port: 0, validateResponses: true });
  const token = createDevToken();
  try {
    expect(https.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/beta$/);
    const overTls = await fetchInChild(`${https.baseUrl}${CATALOGS}`, token, caFile);
    const plain = await fetchInChild(`${http.baseUrl}${CATALOGS}`, token);
    expect(overTls.status).toBe(200);
    const strip = (body: { '@odata.context': string }) => ({
      ...body,
      '@odata.context': body['@odata.context'].replace(/^https?:\/\/[^/]+/, ''),
    });
    expect(strip(overTls.body)).toEqual(strip(plain.body));
    expect(overTls.body['@odata.context']).toMatch(/^https:/);

    // Without trusting it, verification fails as it should: the certificate is not a public one.
    const untrusted = await fetchInChild(`${https.baseUrl}${CATALOGS}`, token);
    expect(untrusted.error).toMatch(/SELF_SIGNED|CERT|certificate/i);
  } finally {
    await https.close();
    await http.close();
  }
}, 30_000);
