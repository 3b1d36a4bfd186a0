import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionAllows, loadContract, readRoles, rolesAllowing, rolesTable } from '@accesspackage/openapi';
import { callerFromClaims } from './caller.js';
import { createDevToken, devTokenClaims } from './dev-token.js';
import { decodeJwt } from './jwt.js';
import { reachOf, readRoleNames, tokenGrants } from './roles.js';

const ROLES = readRoles(loadContract());
const NS = 'microsoft.entitlementManagement';

describe('actionAllows', () => {
  it.each([
    [`${NS}/allEntities/allTasks`, `${NS}/AccessPackageCatalog/Create`, true],
    [`${NS}/allEntities/Read`, `${NS}/AccessPackageCatalog/Read`, true],
    [`${NS}/allEntities/Read`, `${NS}/AccessPackageCatalog/AccessPackage/AssignmentPolicy/Read`, true],
    [`${NS}/allEntities/Read`, `${NS}/AccessPackageCatalog/Update`, false],
    // allEntities may stand for no entity at all: a package manager reads its catalog.
    [`${NS}/AccessPackageCatalog/allEntities/Read`, `${NS}/AccessPackageCatalog/Read`, true],
    [`${NS}/AccessPackageCatalog/allEntities/Read`, `${NS}/RoleAssignment/Read`, false],
    // allTasks stands for the rest, sub-entities included: a package manager makes Admin* requests.
    [
      `${NS}/AccessPackageCatalog/AccessPackage/allTasks`,
      `${NS}/AccessPackageCatalog/AccessPackage/GrantRequests/Create`,
      true,
    ],
    [`${NS}/AccessPackageCatalog/AccessPackage/allTasks`, `${NS}/AccessPackageCatalog/AccessPackage`, false],
    [
      `${NS}/AccessPackageCatalog/AccessPackage/allTasks`,
      `${NS}/AccessPackageCatalog/AccessPackageResourceRequest/Create`,
      false,
    ],
    [`${NS}/AccessPackageCatalog/Create`, `${NS}/AccessPackageCatalog/Create`, true],
    [`${NS}/AccessPackageCatalog/Create`, `${NS}/AccessPackageCatalog/Create/More`, false],
  ])('%s allows %s: %s', (allowed, action, expected) => {
    expect(actionAllows(allowed, action)).toBe(expected);
  });
});

describe('readRoles', () => {
  it("reads Graph's five roles and each Entitlement Management operation's rule", () => {
    expect(ROLES.definitions.map((role) => role.name)).toEqual([
      'catalogOwner',
      'catalogReader',
      'accessPackageManager',
      'catalogCreator',
      'accessPackageAssignmentManager',
    ]);
    expect(ROLES.operations.createAccessPackageCatalog).toEqual({
      action: `${NS}/AccessPackageCatalog/Create`,
      scope: { kind: 'tenant' },
    });
    expect(ROLES.operations.createAssignmentRequest).toMatchObject({
      except: 'selfService',
      scope: {
        kind: 'object',
        all: [
          [
            { source: 'body', name: 'accessPackageAssignment.accessPackageId', entity: 'accessPackage' },
            { source: 'body', name: 'accessPackageAssignment.id', entity: 'accessPackageAssignment' },
          ],
        ],
      },
    });
    expect(ROLES.operations.listUsers).toBeUndefined();
  });

  it("is what docs/roles.md's table says, operation by operation", () => {
    const page = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'roles.md'), 'utf8');
    const table = page.slice(
      page.indexOf('\n', page.indexOf('<!-- roles:begin')) + 1,
      page.indexOf('<!-- roles:end -->'),
    );
    // `node openapi/scripts/roles-table.mjs` writes it again after a change of the contract's x-roles.
    expect(table.trim()).toBe(rolesTable(loadContract()).trim());
  });

  it('puts the least privileged role first, as Microsoft’s role tables do', () => {
    const least = (action: string) => rolesAllowing(ROLES, `${NS}/${action}`)[0]?.displayName;
    expect(least('AccessPackageCatalog/AccessPackage/Read')).toBe('Catalog reader');
    expect(least('AccessPackageCatalog/AccessPackage/Create')).toBe('AccessPackages manager');
    expect(least('AccessPackageCatalog/AccessPackage/GrantRequests/Create')).toBe('AccessPackage assignment manager');
    expect(least('AccessPackageCatalog/Create')).toBe('Catalog creator');
    expect(least('AccessPackageCatalog/Update')).toBe('Catalog owner');
  });

  it('says what does not hold together: an operation without a rule, a foreign action, a bad scope or exception', () => {
    const contract = loadContract() as { paths: Record<string, Record<string, Record<string, unknown>>> };
    const copy = JSON.parse(JSON.stringify(contract)) as typeof contract;
    const packages = copy.paths['/identityGovernance/entitlementManagement/accessPackages'];
    if (!packages?.get || !packages.post) throw new Error('the contract has no accessPackages list and create');
    delete packages.get['x-roles'];
    packages.post['x-roles'] = {
      action: 'microsoft.directory/users/create',
      scope: 'path nowhere -> moon',
      except: 'friends',
    };
    let message = '';
    try {
      readRoles(copy);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain("The contract's roles do not hold together:");
    expect(message).toMatch(/listAccessPackages \(GET \S+\) has no x-roles: say which role it needs/);
    expect(message).toContain(
      "action 'microsoft.directory/users/create' is not under microsoft.entitlementManagement/",
    );
    expect(message).toContain("'-> moon' names no entity the stub can place in a catalog");
    expect(message).toContain("except 'friends' is none of own, selfService, approver");
    expect(message).toContain("no role allows 'microsoft.directory/users/create'");
  });
});

describe('roles in tokens', () => {
  it('reads --roles names into wids and em_roles, a catalog role at its catalog or at /', () => {
    expect(readRoleNames(['catalogOwner:c1', 'catalogReader', 'globalReader'], ROLES)).toEqual({
      directoryRoles: ['f2ef992c-3afb-46b9-b7cf-a126ee74c451'],
      emRoles: [
        { roleDefinitionId: 'ae79f266-94d4-4dab-b730-feca7e132178', appScopeId: '/AccessPackageCatalog/c1' },
        { roleDefinitionId: '44272f93-9762-48e8-af59-1b5351b1d6b3', appScopeId: '/' },
      ],
    });
    expect(() => readRoleNames(['catalogKing'], ROLES)).toThrow(/"catalogKing" names no role: use one of catalogOwner/);
    expect(() => readRoleNames(['catalogCreator:c1'], ROLES)).toThrow(/held tenant-wide only/);
    expect(() => readRoleNames(['globalReader:c1'], ROLES)).toThrow(/a directory role, held tenant-wide/);
    expect(() => readRoleNames(['catalogOwner:'], ROLES)).toThrow(/names no role/);
  });

  it('makes a dev token hold exactly the roles named, and the default one Identity Governance Administrator', () => {
    const owner = devTokenClaims({ roles: ['catalogOwner:c1'] });
    expect(owner.wids).toEqual([]);
    expect(owner.em_roles).toEqual([
      { roleDefinitionId: 'ae79f266-94d4-4dab-b730-feca7e132178', appScopeId: '/AccessPackageCatalog/c1' },
    ]);
    expect(devTokenClaims().wids).toEqual(['45d8d3c5-c802-45c6-b32a-1d70b5e1e86e']);
    expect(devTokenClaims().em_roles).toBeUndefined();
  });

  it("grants a caller its token's roles: directory roles tenant-wide, em_roles where they say, an app's permission", () => {
    const caller = callerFromClaims(decodeJwt(createDevToken({ roles: ['catalogReader:c1', 'globalReader'] })).payload);
    const grants = tokenGrants(caller, ROLES);
    expect(grants.map((g) => [g.role.displayName, g.scope, g.from])).toEqual([
      ['Global Reader', '/', 'wids'],
      ['Catalog reader', '/AccessPackageCatalog/c1', 'em_roles'],
    ]);
    expect(reachOf(grants, `${NS}/AccessPackageCatalog/Read`).everywhere).toBe(true);
    const write = reachOf(grants, `${NS}/AccessPackageCatalog/Update`);
    expect([write.everywhere, [...write.catalogs]]).toEqual([false, []]);

    const app = callerFromClaims(
      decodeJwt(createDevToken({ app: true, scopes: ['EntitlementManagement.Read.All'] })).payload,
    );
    const appReach = (action: string) => reachOf(tokenGrants(app, ROLES), `${NS}/${action}`).everywhere;
    expect([appReach('AccessPackageCatalog/Read'), appReach('AccessPackageCatalog/Update')]).toEqual([true, false]);
    const anonymous = tokenGrants({ kind: 'anonymous', name: 'anonymous', permissions: [], claims: {} }, ROLES);
    expect(reachOf(anonymous, `${NS}/AccessPackageCatalog/Delete`).everywhere).toBe(true);
  });
});
