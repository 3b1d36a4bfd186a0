import { createHmac, generateKeyPairSync } from 'node:crypto';
import { createDevToken, DEV_TOKEN_SECRET } from './dev-token.js';
import { decodeJwt, verifySignature } from './jwt.js';
import { signJwt } from './sign.js';

describe('signJwt', () => {
  it('signs HS256 exactly as createDevToken does, adding no claims', () => {
    const payload = { upn: 'megan@contoso.com' };
    const token = signJwt(payload, { hs256Secret: DEV_TOKEN_SECRET });
    const [header, body, signature] = token.split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toEqual({ typ: 'JWT', alg: 'HS256' });
    expect(JSON.parse(Buffer.from(body ?? '', 'base64url').toString())).toEqual(payload);
    expect(signature).toBe(createHmac('sha256', DEV_TOKEN_SECRET).update(`${header}.${body}`).digest('base64url'));
    // Same header encoding as the dev tokens, so both come out of one verifier.
    expect(header).toBe(createDevToken().split('.')[0]);
  });

  it('writes alg and kid into the header for RS256', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(decodeJwt(signJwt({}, { privateKey, kid: 'k1', alg: 'RS256' })).header).toEqual({
      typ: 'JWT',
      alg: 'RS256',
      kid: 'k1',
    });
  });

  it('takes a PEM private key as well as a KeyObject', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const token = signJwt({ a: 1 }, { privateKey: pem, alg: 'ES256' });
    expect(() =>
      verifySignature(decodeJwt(token), { jwks: { keys: [publicKey.export({ format: 'jwk' })] } }),
    ).not.toThrow();
  });
});
