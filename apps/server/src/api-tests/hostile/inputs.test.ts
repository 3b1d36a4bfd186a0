import { GENERAL_CATALOG_ID } from '../../store/store.js';
import { CATALOGS, PACKAGES, startTestStub, type TestStub } from '../../testing/jest-helpers.js';
import { expectRefused, send, snapshot } from './hostile.js';

// Hostile query strings and bodies: each is refused with the right 4xx in Graph's envelope, and changes nothing.
let stub: TestStub;
let before: string;
let packageId: string;
beforeAll(async () => {
  stub = await startTestStub();
  packageId = (await stub.call('POST', PACKAGES, { body: { catalogId: GENERAL_CATALOG_ID, displayName: 'Kept' } })).json
    .id;
});
afterAll(async () => {
  await stub.close();
});
beforeEach(async () => {
  before = await snapshot(stub);
});
afterEach(async () => {
  expect(await snapshot(stub)).toBe(before);
});

describe('names that are not own properties pick nothing', () => {
  const names = [
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'valueOf',
    'hasOwnProperty',
    '__defineGetter__',
    'isPrototypeOf',
  ];

  it.each(names)('$expand=%s answers 400', async (name) => {
    expectRefused(await stub.call('GET', `${PACKAGES}?$expand=${name}`), 400, 'BadRequest');
    expectRefused(await stub.call('GET', `${CATALOGS}/${GENERAL_CATALOG_ID}?$expand=${name}`), 400, 'BadRequest');
  });

  it.each(names)('$select=%s and $orderby=%s answer 400', async (name) => {
    expectRefused(await stub.call('GET', `${PACKAGES}?$select=${name}`), 400, 'BadRequest');
    expectRefused(await stub.call('GET', `${PACKAGES}?$orderby=${name}`), 400, 'BadRequest');
  });

  it.each(names)('$filter on %s answers 400 InvalidFilter', async (name) => {
    expectRefused(await stub.call('GET', `${PACKAGES}?$filter=${name} eq 'x'`), 400, 'InvalidFilter');
    expectRefused(await stub.call('GET', `${PACKAGES}?$filter=contains(${name},'x')`), 400, 'InvalidFilter');
  });

  it.each(names)('the id %s names no item (404), and the path segment %s no route (400)', async (name) => {
    expectRefused(await stub.call('GET', `${PACKAGES}/${name}`), 404, 'ResourceNotFound');
    expectRefused(
      await stub.call('PATCH', `${CATALOGS}/${name}`, { body: { description: 'x' } }),
      404,
      'ResourceNotFound',
    );
    expectRefused(await stub.call('GET', `/identityGovernance/${name}`), 400, 'BadRequest');
  });

  it('a body property named __proto__ or constructor is an unknown property (400 InvalidModel)', async () => {
    for (const name of ['__proto__', 'constructor']) {
      const body = `{"catalogId":"${GENERAL_CATALOG_ID}","displayName":"p","${name}":{"isHidden":true}}`;
      expectRefused(await stub.call('POST', PACKAGES, { body }), 400, 'InvalidModel');
      expectRefused(
        await stub.call('PATCH', `${PACKAGES}/${packageId}`, { body: `{"${name}":{"displayName":"x"}}` }),
        400,
        'InvalidModel',
      );
    }
  });
});

describe('query strings are parsed flat', () => {
  it.each([
    '$filter[__proto__]=x',
    '$filter[displayName]=x',
    'foo[__proto__]=1',
    'foo[]=1',
    '%24top%5B%5D=1',
    '$select[0]=id',
  ])('refuses the bracketed option %s with 400', async (query) => {
    const res = await stub.call('GET', `${PACKAGES}?${query}`);
    expectRefused(res, 400, 'BadRequest');
    expect(res.json.error.message).toContain('bracket');
  });

  it.each(['foo=1&foo=1', 'foo=1&foo=2', '$filter=x&filter=y'])(
    'refuses the repeated option in %s with 400',
    async (query) => {
      expectRefused(await stub.call('GET', `${PACKAGES}?${query}`), 400, 'BadRequest');
    },
  );

  it.each(['0x10', '+5', '%205', '5%20', '1e2', '5.0', '-1', '0', '1000', '', '٥', 'Infinity'])(
    'refuses $top=%s with 400: digits only, 1 to 999',
    async (top) => {
      expectRefused(await stub.call('GET', `${PACKAGES}?$top=${top}`), 400, 'BadRequest');
      expectRefused(await stub.call('GET', `${PACKAGES}?top=${top}`), 400, 'BadRequest');
    },
  );

  it.each(['TRUE', '1', 'yes', '%20true'])('refuses $count=%s with 400', async (count) => {
    expectRefused(await stub.call('GET', `${PACKAGES}?$count=${count}`), 400, 'BadRequest');
  });

  it('still reads $top=007 and a repeated identical OData option', async () => {
    expect((await stub.call('GET', `${PACKAGES}?$top=007`)).status).toBe(200);
    expect((await stub.call('GET', `${PACKAGES}?$top=5&top=5`)).status).toBe(200);
  });

  it.each([
    ['$filter', 4096],
    ['$select', 1024],
    ['$orderby', 512],
    ['$expand', 256],
    ['$skiptoken', 4096],
  ])('refuses %s longer than its maxLength %d with 400', async (option, max) => {
    expectRefused(await stub.call('GET', `${PACKAGES}?${option}=${'a'.repeat(max + 1)}`), 400, 'BadRequest');
  });
});

describe('bodies are UTF-8 JSON of characters, bounded', () => {
  const json = 'application/json';
  const create = (body: string | Buffer, contentType = json) =>
    send(stub, { method: 'POST', path: `/beta${PACKAGES}`, headers: { 'content-type': contentType }, body });

  it.each(['utf-7', 'utf-16le', 'UTF-16', 'utf-32', 'iso-8859-1', 'latin1', '"utf-16"', 'utf8'])(
    'refuses a JSON body in charset %s with 415',
    async (charset) => {
      const text = `{"catalogId":"${GENERAL_CATALOG_ID}","displayName":"x"}`;
      const res = await create(Buffer.from(text, 'utf16le'), `${json}; charset=${charset}`);
      expectRefused(res, 415, 'UnsupportedMediaType');
    },
  );

  it('accepts charset=utf-8, in any case', async () => {
    for (const charset of ['utf-8', 'UTF-8', '"utf-8"']) {
      const res = await create(
        JSON.stringify({ catalogId: GENERAL_CATALOG_ID, displayName: `charset ${charset}` }),
        `${json};charset=${charset}`,
      );
      expect(res.status).toBe(201);
      await stub.call('DELETE', `${PACKAGES}/${res.json.id}`);
    }
  });

  it.each([
    ['a lone continuation byte', Buffer.from([0x80])],
    ['a truncated sequence', Buffer.from([0xe2, 0x82])],
    ['an overlong encoding', Buffer.from([0xc0, 0xaf])],
    ['a UTF-8 encoded surrogate', Buffer.from([0xed, 0xa0, 0x80])],
    ['0xFF', Buffer.from([0xff])],
  ])('refuses bytes that are not UTF-8 (%s) with 400', async (_what, bad) => {
    const body = Buffer.concat([
      Buffer.from(`{"catalogId":"${GENERAL_CATALOG_ID}","displayName":"a`),
      bad,
      Buffer.from('"}'),
    ]);
    expectRefused(await create(body), 400, 'BadRequest');
  });

  it.each([
    ['a NUL in displayName', { displayName: 'a\u0000b' }, 'displayName'],
    ['a NUL in description', { displayName: 'a', description: '\u0000' }, 'description'],
    ['a lone high surrogate', { displayName: 'a\ud800' }, 'displayName'],
    ['a lone low surrogate', { displayName: '\udc00b' }, 'displayName'],
    [
      'a NUL in the ignored catalog object',
      { displayName: 'a', accessPackageCatalog: { id: '\u0000' } },
      'accessPackageCatalog.id',
    ],
    ['a NUL in a property name', { displayName: 'a', 'x\u0000': 1 }, undefined],
  ])('refuses %s with 400 InvalidModel', async (_what, fields, target) => {
    const res = await stub.call('POST', PACKAGES, { body: { catalogId: GENERAL_CATALOG_ID, ...fields } });
    expectRefused(res, 400, 'InvalidModel');
    if (target) expect(res.json.error.details[0].target).toBe(target);
    const patch = await stub.call('PATCH', `${PACKAGES}/${packageId}`, { body: fields });
    expectRefused(patch, 400, 'InvalidModel');
  });

  it('accepts a well-formed surrogate pair and other control characters', async () => {
    const res = await stub.call('POST', PACKAGES, {
      body: { catalogId: GENERAL_CATALOG_ID, displayName: '🙂\t\u0001' },
    });
    expect(res.status).toBe(201);
    expect(res.json.displayName).toBe('🙂\t\u0001');
    await stub.call('DELETE', `${PACKAGES}/${res.json.id}`);
  });

  it('refuses 80,000 unknown properties with a small 400, quickly', async () => {
    const fields = Object.fromEntries(Array.from({ length: 80_000 }, (_, i) => [`p${i}`, 1]));
    const started = Date.now();
    const res = await stub.call('POST', PACKAGES, {
      body: { catalogId: GENERAL_CATALOG_ID, displayName: 'x', ...fields },
    });
    expectRefused(res, 400, 'BadRequest');
    expect(res.text.length).toBeLessThan(4096);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('lists at most 20 problems in details and says how many there were', async () => {
    const fields = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`unknown${i}`, 1]));
    const res = await stub.call('POST', PACKAGES, {
      body: { catalogId: GENERAL_CATALOG_ID, displayName: 'x', ...fields },
    });
    expectRefused(res, 400, 'InvalidModel');
    expect(res.json.error.details).toHaveLength(20);
    expect(res.json.error.message).toMatch(/first 20 of 500/);
    expect(res.text.length).toBeLessThan(16_384);
  });

  it('refuses a body nested deeper than 16 levels with 400, however deep', async () => {
    for (const depth of [17, 100_000]) {
      const nested = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      const body = `{"catalogId":"${GENERAL_CATALOG_ID}","displayName":"x","accessPackageCatalog":${nested}}`;
      expectRefused(await stub.call('POST', PACKAGES, { body }), 400, 'BadRequest');
    }
  });

  it('refuses a huge array with 400, not a 500', async () => {
    const body = `{"catalogId":"${GENERAL_CATALOG_ID}","displayName":"x","accessPackageCatalog":{"a":[${'0,'.repeat(200_000)}0]}}`;
    expectRefused(await stub.call('POST', PACKAGES, { body }), 400, 'BadRequest');
    expectRefused(await stub.call('POST', PACKAGES, { body: `[${'0,'.repeat(300_000)}0]` }), 400, 'BadRequest');
  });

  it.each(['"just a string"', '123', 'null', 'true', '[]', '{"a":1}{"b":2}', '\ufeff{}'])(
    'refuses the body %s with 400',
    async (body) => {
      expectRefused(await stub.call('POST', PACKAGES, { body }), 400);
    },
  );
});
