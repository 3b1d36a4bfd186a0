import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContract } from '@accesspackage/openapi';
import { createApp } from '../app.js';
import { declareResource, defaultResources, type Resource } from '../resources/index.js';
import type { StoredEntity } from '../store/store.js';
import { expectGraphError, startTestStub, type TestStub } from '../testing/jest-helpers.js';

/**
 * Adding a resource with plain CRUD is a contract change plus a short declaration. This test makes
 * that change to a copy of the contract (a `widget` entity set) and declares the resource below;
 * the stub then serves it with validation, OData options, paging and Graph errors.
 */
const WIDGETS = '/identityGovernance/entitlementManagement/widgets';
const ref = (name: string) => ({ $ref: `#/components/responses/${name}` });
const errors = {
  '400': ref('badRequest'),
  '401': ref('unauthorized'),
  '403': ref('forbidden'),
  '404': ref('notFound'),
};
const json = (schema: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } });
const scopes = (permission: string) => [{ azureaadv2: [`EntitlementManagement.${permission}.All`] }];
// Who may: an Entitlement Management operation says which role it needs, as every operation of the contract does.
const roles = (task: string) => ({
  action: `microsoft.entitlementManagement/AccessPackageCatalog/Widget/${task}`,
  scope: 'tenant',
});
const query = (...names: string[]) => names.map((name) => ({ $ref: `#/components/parameters/${name}` }));

function contractWithWidgets(): string {
  const contract = loadContract() as {
    paths: Record<string, unknown>;
    components: { schemas: Record<string, unknown> };
  };
  const fields = {
    displayName: { type: 'string', minLength: 1 },
    colour: { type: ['string', 'null'] },
    size: { type: 'integer' },
  };
  contract.components.schemas.widget = {
    type: 'object',
    additionalProperties: false,
    required: ['id'],
    'x-odata': {
      type: 'test.widget',
      entitySet: WIDGETS.slice(1),
      filterable: ['colour', 'displayName'],
      orderable: ['displayName'],
    },
    properties: { id: { type: 'string', readOnly: true }, ...fields, '@odata.context': { type: 'string' } },
  };
  contract.components.schemas.widgetCreate = {
    type: 'object',
    additionalProperties: false,
    required: ['displayName'],
    properties: fields,
  };
  contract.components.schemas.widgetUpdate = { type: 'object', additionalProperties: false, properties: fields };
  contract.components.schemas.widgetPage = {
    type: 'object',
    required: ['value'],
    properties: {
      '@odata.context': { type: 'string' },
      '@odata.nextLink': { type: 'string' },
      '@odata.count': { type: 'integer' },
      value: { type: 'array', items: { $ref: '#/components/schemas/widget' } },
    },
  };
  const itemParameter = { name: 'widgetId', in: 'path', required: true, schema: { type: 'string' } };
  contract.paths[WIDGETS] = {
    get: {
      operationId: 'listWidgets',
      'x-roles': roles('Read'),
      security: scopes('Read'),
      parameters: query('select', 'filter', 'orderby', 'top', 'skiptoken', 'count'),
      responses: { '200': { description: 'A page.', content: json('widgetPage') }, ...errors },
    },
    post: {
      operationId: 'createWidget',
      'x-roles': roles('Create'),
      security: scopes('ReadWrite'),
      requestBody: { required: true, content: json('widgetCreate') },
      responses: { '201': { description: 'Created.', content: json('widget') }, ...errors },
    },
  };
  contract.paths[`${WIDGETS}/{widgetId}`] = {
    parameters: [itemParameter],
    get: {
      operationId: 'getWidget',
      'x-roles': roles('Read'),
      security: scopes('Read'),
      parameters: query('select'),
      responses: { '200': { description: 'One.', content: json('widget') }, ...errors },
    },
    patch: {
      operationId: 'updateWidget',
      'x-roles': roles('Update'),
      security: scopes('ReadWrite'),
      requestBody: { required: true, content: json('widgetUpdate') },
      responses: { '204': ref('noContent'), ...errors },
    },
    delete: {
      operationId: 'deleteWidget',
      'x-roles': roles('Delete'),
      security: scopes('ReadWrite'),
      responses: { '204': ref('noContent'), ...errors },
    },
  };
  // JSON is YAML, so the validator, the docs route and loadContract all read it as they read the real one.
  const path = join(mkdtempSync(join(tmpdir(), 'contract-')), 'contract.json');
  writeFileSync(path, JSON.stringify(contract));
  return path;
}

// The whole declaration of the new resource: generated types would make it typed; this test's contract has none.
const widgets: Resource = declareResource<StoredEntity, StoredEntity>({
  entity: 'widget',
  handlers: (crud) => ({
    listWidgets: crud.list,
    getWidget: crud.get,
    createWidget: async (input) => crud.created(input, await crud.insert(input.store, { ...input.body }, input.caller)),
    updateWidget: crud.update,
    deleteWidget: crud.remove,
  }),
});

let stub: TestStub;
let specPath: string;
beforeAll(() => {
  specPath = contractWithWidgets();
});
beforeEach(async () => {
  stub = await startTestStub({ specPath, resources: [...defaultResources, widgets], pageSize: 2 });
});
afterEach(async () => {
  await stub.close();
});

it('serves create, get, list with OData options and paging, update and delete of the new resource', async () => {
  const created = await stub.call('POST', WIDGETS, { body: { displayName: 'Bolt', colour: 'red', size: 3 } });
  expect(created.status).toBe(201);
  expect(created.json).toMatchObject({ id: expect.any(String), displayName: 'Bolt', colour: 'red', size: 3 });
  expect(created.json['@odata.context']).toBe(
    `${stub.baseUrl}/$metadata#identityGovernance/entitlementManagement/widgets/$entity`,
  );
  for (const displayName of ['Axle', 'Cog', 'Dowel']) {
    expect((await stub.call('POST', WIDGETS, { body: { displayName, colour: 'red', size: 1 } })).status).toBe(201);
  }

  const page = await stub.call(
    'GET',
    `${WIDGETS}?$filter=colour eq 'red'&$select=displayName&$orderby=displayName desc&$count=true`,
  );
  expect(page.status).toBe(200);
  expect(page.json['@odata.count']).toBe(4);
  expect(page.json.value).toEqual([
    { id: expect.any(String), displayName: 'Dowel' },
    { id: expect.any(String), displayName: 'Cog' },
  ]);
  const next = await stub.call('GET', page.json['@odata.nextLink']);
  expect(next.json.value.map((w: { displayName: string }) => w.displayName)).toEqual(['Bolt', 'Axle']);

  const id = created.json.id;
  expect((await stub.call('PATCH', `${WIDGETS}/${id}`, { body: { size: 4, colour: null } })).status).toBe(204);
  expect((await stub.call('GET', `${WIDGETS}/${id}`)).json).toMatchObject({
    displayName: 'Bolt',
    size: 4,
    colour: null,
  });
  expect((await stub.call('DELETE', `${WIDGETS}/${id}`)).status).toBe(204);
  expectGraphError(await stub.call('GET', `${WIDGETS}/${id}`), 404, 'ResourceNotFound');
});

it('refuses what the new contract and its x-odata refuse, in Graph errors', async () => {
  expectGraphError(await stub.call('POST', WIDGETS, { body: { displayName: 'x', weight: 2 } }), 400, 'InvalidModel');
  expectGraphError(await stub.call('POST', WIDGETS, { body: { displayName: 'x', size: 'big' } }), 400, 'InvalidModel');
  expectGraphError(await stub.call('GET', `${WIDGETS}?$filter=size eq 3`), 400, 'InvalidFilter');
  expectGraphError(await stub.call('GET', `${WIDGETS}?$orderby=colour`), 400, 'BadRequest');
  expectGraphError(await stub.call('GET', `${WIDGETS}?$select=weight`), 400, 'BadRequest');
  const reader = stub.tokenFor({ scopes: ['EntitlementManagement.Read.All'] });
  expectGraphError(
    await stub.call('POST', WIDGETS, { body: { displayName: 'x' }, token: reader }),
    403,
    'UnAuthorized',
  );
});

it('keeps serving the contract it had: access packages still work beside the new resource', async () => {
  const res = await stub.call(
    'GET',
    '/identityGovernance/entitlementManagement/accessPackageCatalogs?$select=displayName',
  );
  expect(res.status).toBe(200);
  expect(res.json.value).toEqual([{ id: expect.any(String), displayName: 'General' }]);
});

it('fails at start-up, naming it, when an operation of the contract has no handler', () => {
  expect(() => createApp({ specPath, resources: defaultResources })).toThrow(
    /No resource handles listWidgets \(GET \/identityGovernance\/entitlementManagement\/widgets\), createWidget/,
  );
});

it('fails at start-up, naming it, when a handler names no operation of the contract', () => {
  const stray = declareResource<StoredEntity, StoredEntity>({
    entity: 'accessPackage',
    handlers: (crud) => ({ listGadgets: crud.list }),
  });
  expect(() => createApp({ resources: [...defaultResources, stray] })).toThrow(
    "The resource 'accessPackage' declares a handler for 'listGadgets', which is no operationId of the contract.",
  );
});
