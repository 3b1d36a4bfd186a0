import { deriveCases } from './cases.js';
import { Coverage, coverageGaps } from './coverage.js';
import { deriveResources } from './resources.js';
import { contractOf } from './spec.js';
import { realContract, specDocument } from './testing.js';

const options = { isStub: true, runs: 3, seed: 1 };

function casesOf(document: Record<string, unknown>) {
  const contract = contractOf(document);
  return deriveCases(contract, deriveResources(contract), options);
}

type Paths = Record<string, Record<string, { responses: Record<string, unknown> } & Record<string, unknown>>>;

it('derives the resources, their creators and the reference from accessPackage to its catalog', () => {
  const contract = realContract();
  const resources = deriveResources(contract);
  expect(
    resources.map((r) => [
      r.name,
      r.creators.map((c) => c.id),
      r.references.map((ref) => `${ref.property}->${ref.resource.name}`),
    ]),
  ).toEqual([
    [
      'accessPackage',
      ['createAccessPackageFromAccessPackages', 'createAccessPackage'],
      ['catalogId->accessPackageCatalog'],
    ],
    ['accessPackageAssignmentPolicy', ['createAccessPackageAssignmentPolicy'], ['accessPackageId->accessPackage']],
    ['accessPackageCatalog', ['createAccessPackageCatalog'], []],
    ['customAccessPackageWorkflowExtension', ['createCustomAccessPackageWorkflowExtension'], []],
    ['connectedOrganization', ['createConnectedOrganization'], []],
    ['accessPackageAssignmentRequest', ['createAssignmentRequest', 'createAccessPackageAssignmentRequest'], []],
    ['accessPackageAssignmentRequest', ['createAssignmentRequest', 'createAccessPackageAssignmentRequest'], []],
    ['accessPackageAssignment', [], []],
    ['approval', [], []],
    ['approvalStep', [], []],
    ['unifiedRoleDefinition', [], []],
    [
      'unifiedRoleAssignment',
      ['createEntitlementManagementRoleAssignment'],
      ['roleDefinitionId->unifiedRoleDefinition'],
    ],
    ['user', ['createUser'], []],
    ['group', ['createGroup'], []],
  ]);
});

it('adds a case when the spec documents a new response', () => {
  const document = specDocument();
  const titles = () =>
    casesOf(document)
      .filter((c) => c.group.includes('(stubHealth)'))
      .map((c) => c.title);
  expect(titles()).not.toContain('answers 406 when Accept rules out JSON');
  const paths = document.paths as Paths;
  const health = paths['/_stub/health']?.get;
  if (!health) throw new Error('stubHealth moved');
  health.responses['406'] = { $ref: '#/components/responses/notAcceptable' };
  expect(titles()).toContain('answers 406 when Accept rules out JSON');
});

it('leaves a documented status that nothing can provoke as a coverage gap', () => {
  const document = specDocument();
  const paths = document.paths as Paths;
  const get = paths['/identityGovernance/entitlementManagement/accessPackageCatalogs/{accessPackageCatalogId}']?.get;
  if (!get) throw new Error('getAccessPackageCatalog moved');
  get.responses['418'] = { $ref: '#/components/responses/conflict' };
  const contract = contractOf(document);
  const operation = contract.operations.find((op) => op.id === 'getAccessPackageCatalog');
  if (!operation) throw new Error('getAccessPackageCatalog moved');
  expect(
    casesOf(document).filter((c) => c.group.includes('(getAccessPackageCatalog)') && c.title.includes('418')),
  ).toEqual([]);
  const coverage = new Coverage([operation]);
  for (const status of [200, 400, 401, 403, 404, 406, 429, 500, 502, 503, 504]) coverage.record(operation, status);
  expect(coverageGaps(coverage.report({ target: 'stub', enforced: true, seed: 1, runs: 1 }))).toEqual([
    'getAccessPackageCatalog: documented 418 never answered',
  ]);
});

it('gives an operation added to the spec its own cases', () => {
  const document = specDocument();
  const paths = document.paths as Paths;
  const list = paths['/identityGovernance/entitlementManagement/accessPackages']?.get;
  if (!list) throw new Error('listAccessPackages moved');
  paths['/identityGovernance/entitlementManagement/accessPackagesAgain'] = {
    get: { ...list, operationId: 'listAccessPackagesAgain' },
  };
  const titles = casesOf(document)
    .filter((c) => c.group.includes('(listAccessPackagesAgain)'))
    .map((c) => c.title);
  expect(titles).toEqual(
    expect.arrayContaining([
      'answers 200 to a request with nothing optional',
      'refuses a request without a token with 401',
    ]),
  );
});

it('lists the cases a non-stub target cannot run as skipped, with the reason', () => {
  const contract = realContract();
  const cases = deriveCases(contract, deriveResources(contract), { ...options, isStub: false });
  const skipped = cases.filter((c) => c.skip);
  expect(new Set(skipped.map((c) => c.skip))).toEqual(
    new Set([
      'served by the stub only (its own path-level servers)',
      "needs the stub's simulation",
      'needs a token without the scope: dev tokens work on the stub only',
      'needs a stub started with a small --max-items',
    ]),
  );
  expect(cases.filter((c) => !c.skip && c.group.includes('/_stub/'))).toEqual([]);
});

type Schemas = Record<string, { 'x-odata'?: Record<string, unknown> }>;

function odataTitles(document: Record<string, unknown>, operationId: string): string[] {
  return casesOf(document)
    .filter(
      (c) => c.group.endsWith(`(${operationId})`) && /^(\$|refuses \$(select|orderby|filter|expand)=)/.test(c.title),
    )
    .map((c) => c.title);
}

it("derives the OData query cases from each schema's x-odata", () => {
  const list = odataTitles(specDocument(), 'listAccessPackages');
  expect(list).toEqual(
    expect.arrayContaining([
      '$select=uniqueName answers 200 with only uniqueName, id and @odata annotations',
      '$orderby=modifiedDateTime desc returns the created items sorted by modifiedDateTime',
      '$filter=isHidden eq <true, then false> returns only matching items, the created one among them',
      '$filter=createdDateTime eq <the createdDateTime of a created item> returns only matching items, the created one among them',
      '$expand=accessPackageCatalog embeds accessPackageCatalog in each item, as the accessPackageCatalog schema says',
      'refuses $orderby=catalogId, a property that is not orderable, with 400',
      "refuses $filter=createdBy eq 'contract-test', a property that is not filterable, with 400 InvalidFilter",
      'refuses $expand=contractTestNoSuchNavigation, a name that is no navigation property, with 400',
    ]),
  );
  // A get has no $filter or $orderby: only $select and $expand cases.
  const get = odataTitles(specDocument(), 'getAccessPackageCatalog');
  expect(get.filter((t) => /\$(filter|orderby)/.test(t))).toEqual([]);
  expect(get).toContain('$expand=accessPackages embeds accessPackages, as the accessPackage schema says');
});

it('follows a change of the x-odata lists: a property made orderable, one no longer filterable', () => {
  const document = specDocument();
  const odata = ((document.components as { schemas: Schemas }).schemas.accessPackage?.['x-odata'] ?? {}) as {
    orderable: string[];
    filterable: string[];
  };
  odata.orderable.push('catalogId');
  odata.filterable = odata.filterable.filter((p) => p !== 'isHidden');
  const titles = odataTitles(document, 'listAccessPackages');
  expect(titles).toContain('$orderby=catalogId asc returns the created items sorted by catalogId');
  expect(titles).not.toContain('refuses $orderby=catalogId, a property that is not orderable, with 400');
  expect(titles).toContain(
    'refuses $filter=isHidden eq true, a property that is not filterable, with 400 InvalidFilter',
  );
  expect(titles.filter((t) => t.startsWith('$filter=isHidden'))).toEqual([]);
});

it('derives no OData query cases for a schema without x-odata', () => {
  const document = specDocument();
  const schemas = (document.components as { schemas: Schemas }).schemas;
  // accessPackage's x-odata expands into the catalog, so it must go too, and so must those that expand into the
  // package: the policy's, the assignment request's and the assignment's.
  for (const name of [
    'accessPackage',
    'accessPackageCatalog',
    'accessPackageAssignmentPolicy',
    'accessPackageAssignmentRequest',
    'accessPackageAssignment',
  ])
    delete schemas[name]?.['x-odata'];
  expect(odataTitles(document, 'listAccessPackages')).toEqual([]);
  expect(odataTitles(document, 'getAccessPackageCatalog')).toEqual([]);
});
