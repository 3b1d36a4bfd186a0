import { CATALOGS, PACKAGES, startTestStub, TEST_ENGINE, type TestStub } from '../testing/jest-helpers.js';

let stub: TestStub;
beforeEach(async () => {
  stub = await startTestStub();
});
afterEach(async () => {
  await stub.close();
});

it(`never leaves a package in a deleted catalog when creates race a delete, on ${TEST_ENGINE}`, async () => {
  for (let round = 0; round < 5; round += 1) {
    const catalog = (await stub.call('POST', CATALOGS, { body: { displayName: `race ${round}` } })).json.id;
    const creates = Array.from({ length: 12 }, (_, i) =>
      stub.call('POST', PACKAGES, { body: { catalogId: catalog, displayName: `p${i}` } }),
    );
    const deleted = stub.call('DELETE', `${CATALOGS}/${catalog}`);
    const answers = await Promise.all([...creates, deleted]);
    const created = answers.slice(0, -1).filter((r) => r.status === 201);
    const deleteStatus = answers[answers.length - 1]?.status;
    // Every create either landed in the catalog (201) or found it gone (404), and the delete agrees.
    expect(answers.slice(0, -1).every((r) => r.status === 201 || r.status === 404)).toBe(true);
    const inCatalog = await stub.call('GET', `${PACKAGES}?$filter=catalogId eq '${catalog}'&$count=true`);
    if (deleteStatus === 204) {
      expect(inCatalog.json['@odata.count']).toBe(0);
      expect(created).toHaveLength(0);
    } else {
      expect(deleteStatus).toBe(409);
      expect(inCatalog.json['@odata.count']).toBe(created.length);
    }
  }
});
