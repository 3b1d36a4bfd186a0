import { newGuid } from './guid.js';

const GUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newGuid', () => {
  const realCrypto = globalThis.crypto;
  afterEach(() => {
    Object.defineProperty(globalThis, 'crypto', { value: realCrypto, configurable: true, writable: true });
  });
  const withCrypto = (value: unknown) =>
    Object.defineProperty(globalThis, 'crypto', { value, configurable: true, writable: true });

  it('uses crypto.randomUUID where there is one', () => {
    withCrypto({ randomUUID: () => 'from-random-uuid' });
    expect(newGuid()).toBe('from-random-uuid');
  });

  it('falls back to getRandomValues outside secure contexts, where randomUUID is missing', () => {
    withCrypto({ getRandomValues: (bytes: Uint8Array) => realCrypto.getRandomValues(bytes) });
    const ids = new Set(Array.from({ length: 100 }, () => newGuid()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(GUID_V4);
  });

  it('still makes a GUID with no Web Crypto at all', () => {
    withCrypto(undefined);
    expect(newGuid()).toMatch(GUID_V4);
  });
});
