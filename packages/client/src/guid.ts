/**
 * A random (version 4) GUID for `client-request-id`. `crypto.randomUUID` exists only in secure contexts
 * (https pages, localhost, Node), so a plain-http page elsewhere falls back to `crypto.getRandomValues`, which
 * every browser offers everywhere, and, with no Web Crypto at all, to Math.random: the id only correlates
 * requests in logs, it protects nothing.
 */
export function newGuid(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof crypto?.getRandomValues === 'function') crypto.getRandomValues(bytes);
  else for (let i = 0; i < 16; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40; // version 4
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
