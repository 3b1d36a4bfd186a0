import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createDevCertificate } from '@accesspackage/server';
import { startTestStub } from '@accesspackage/server/testing';

const run = promisify(execFile);

// Microsoft's own Graph JS client, in a process of its own that trusts the stub's self-signed certificate the way a
// user's would (NODE_EXTRA_CA_CERTS, full verification), against the stub over TLS as `--https` serves it.
it('runs the tutorial through Microsoft Graph JS client against the stub over HTTPS', async () => {
  const tls = await createDevCertificate();
  const caFile = join(mkdtempSync(join(tmpdir(), 'graph-sdk-')), 'stub.crt.pem');
  writeFileSync(caFile, tls.cert);
  const stub = await startTestStub({ tls, deliveryDelayMs: 100 });
  try {
    expect(stub.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const env: NodeJS.ProcessEnv = { ...process.env, BASE_URL: stub.origin, NODE_EXTRA_CA_CERTS: caFile };
    delete env.NODE_TLS_REJECT_UNAUTHORIZED;
    const { stdout } = await run(process.execPath, [join(__dirname, '..', 'dist', 'graph-sdk-tutorial.js')], { env });
    const lines = stdout.trim().split('\n');
    expect(lines.map((line) => line.split('.')[0])).toEqual([
      ...Array.from({ length: 14 }, (_, i) => String(i + 1)),
      'Cleaned up: the policy, the package, the resource, the user and the group',
    ]);
    // Fulfilled, and FulfilledNotificationTriggered a delivery delay later, as on Graph.
    expect(stdout).toMatch(/11\. The request is Delivered \(Fulfilled(NotificationTriggered)?\)\./);
    expect(stdout).toContain("13. The group's members: Requestor1.");
    expect(stdout).toContain("14. Removed the assignment; the group's members: (none).");
  } finally {
    await stub.close();
  }
}, 120_000);
