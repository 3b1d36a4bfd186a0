import { execFileSync } from 'node:child_process';
import { ContractViolation, curlOf, shellQuote } from './exchange.js';

it('quotes for a POSIX shell so that quotes in a body survive a paste', () => {
  const text = `{"displayName":"it's ok","filter":"contains(displayName,'x')"}`;
  expect(execFileSync('sh', ['-c', `printf %s ${shellQuote(text)}`]).toString()).toBe(text);
});

it('names $CONTRACT_TOKEN in the curl line instead of printing a tenant token', () => {
  const curl = curlOf({
    method: 'GET',
    url: 'https://graph.microsoft.com/beta/x',
    headers: { authorization: 'Bearer secret-token' },
    tokenVariable: 'CONTRACT_TOKEN',
  });
  expect(curl).toContain('-H "authorization: Bearer $CONTRACT_TOKEN"');
  expect(curl).not.toContain('secret-token');
});

it('puts a large body in a file the curl line reads, so the line stays pasteable', () => {
  const curl = curlOf({ method: 'POST', url: 'http://h/x', headers: {}, body: ' '.repeat(10_000) });
  expect(curl).toMatch(/--data-binary @'.+\.json'/);
});

it('shows the problems, the curl line, the response and the seed in one failure message', () => {
  const violation = new ContractViolation(
    'getThing answered against the contract (1 problem(s)):',
    ['expected 200, got 500'],
    {
      request: { method: 'GET', url: 'http://h/x', headers: { accept: 'application/json' } },
      response: { status: 500, headers: { 'request-id': 'r' }, text: '{"error":{}}', json: { error: {} } },
    },
    ['Seed: CONTRACT_SEED=5'],
  );
  expect(violation.message).toMatch(
    /1\. expected 200, got 500[\s\S]*curl -sS -i -X GET 'http:\/\/h\/x'[\s\S]*HTTP 500[\s\S]*CONTRACT_SEED=5/,
  );
});
