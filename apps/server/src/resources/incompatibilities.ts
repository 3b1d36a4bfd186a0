import type { AccessPackage, Group } from '@accesspackage/types';
import { GraphHttpError, notFound } from '../graph/http-error.js';
import { equals } from '../odata/conditions.js';
import { collectionContext } from '../odata/context.js';
import type { Condition } from '../odata/index.js';
import { OF_GROUP, OF_PACKAGE, OTHER_PACKAGE } from '../store/references.js';
import type { TenantStore } from '../store/store.js';
import type { Handlers } from './operation.js';
import { assertRoomForOneMore } from './quota.js';
import type { ResourceContext } from './resource.js';
import { linkPage, serviceRootOf } from './views.js';

/**
 * Incompatibility links, one per pair (not entities of the contract): a package's incompatible packages and
 * groups. `accessPackage/id` is the package whose list holds the other end.
 */
const INCOMPATIBLE_PACKAGE = 'incompatibleAccessPackage';
const INCOMPATIBLE_GROUP = 'incompatibleGroup';

const linkId = (accessPackageId: string, otherId: string) => `${accessPackageId}_${otherId}`;
const PACKAGES_SET = 'identityGovernance/entitlementManagement/accessPackages';

/** The packages (either way) and groups a package is incompatible with, for the checks an assignment request makes. */
export async function incompatibilitiesOf(
  store: TenantStore,
  accessPackageId: string,
): Promise<{ packages: Set<string>; groups: Set<string> }> {
  const packages = new Set<string>();
  for (const link of await store.where(INCOMPATIBLE_PACKAGE, OF_PACKAGE, accessPackageId))
    packages.add(String(link[OTHER_PACKAGE]));
  for (const link of await store.where(INCOMPATIBLE_PACKAGE, OTHER_PACKAGE, accessPackageId))
    packages.add(String(link[OF_PACKAGE]));
  const groups = new Set(
    (await store.where(INCOMPATIBLE_GROUP, OF_PACKAGE, accessPackageId)).map((link) => String(link[OF_GROUP])),
  );
  return { packages, groups };
}

/** Removes every incompatibility link of a package, both ways (when it is deleted). */
export async function dropPackageLinks(store: TenantStore, accessPackageId: string): Promise<void> {
  for (const [entity, end] of [
    [INCOMPATIBLE_PACKAGE, OF_PACKAGE],
    [INCOMPATIBLE_PACKAGE, OTHER_PACKAGE],
    [INCOMPATIBLE_GROUP, OF_PACKAGE],
  ] as const) {
    for (const link of await store.where(entity, end, accessPackageId)) await store.delete(entity, link.id);
  }
}

/** Removes a group from every package's incompatible groups (when it is deleted). */
export async function dropGroupLinks(store: TenantStore, groupId: string): Promise<void> {
  for (const link of await store.where(INCOMPATIBLE_GROUP, OF_GROUP, groupId)) {
    await store.delete(INCOMPATIBLE_GROUP, link.id);
  }
}

// `https://graph.microsoft.com/beta/identityGovernance/entitlementManagement/accessPackages/{id}` -> `{id}`.
function referenced(odataId: string, collection: 'accessPackages' | 'groups'): string {
  const match = new RegExp(`(?:^|/)${collection}(?:/|\\(')([^/?#']+)'?\\)?/?(?:[?#].*)?$`).exec(odataId);
  if (!match?.[1]) {
    throw new GraphHttpError(
      400,
      'BadRequest',
      `@odata.id '${odataId}' names no ${collection === 'groups' ? 'group' : 'access package'}: give its URL, e.g. https://graph.microsoft.com/beta/${collection === 'groups' ? 'groups' : `${PACKAGES_SET}`}/{id}.`,
    );
  }
  return decodeURIComponent(match[1]);
}

const packageNotFound = (id: string) =>
  new GraphHttpError(404, 'ResourceNotFound', `The access package '${id}' was not found.`);

/** A page of the items a package's links lead to, with the list's context. */
async function linkedPage<V>(
  input: { req: Parameters<typeof linkPage>[0]; store: TenantStore },
  entity: string,
  filter: Condition,
  pageSize: number,
  target: { entity: string; end: string; entitySet: string },
) {
  const { items, annotations } = await linkPage(input.req, input.store, entity, filter, pageSize);
  const value: V[] = [];
  for (const link of items) {
    const item = await input.store.get(target.entity, String(link[target.end]));
    if (item) value.push(item as V);
  }
  return { '@odata.context': collectionContext(serviceRootOf(input.req), target.entitySet), ...annotations, value };
}

/**
 * A package's incompatible packages and groups: listed, marked and unmarked through `$ref`. Part of the access package
 * resource (access-packages.ts), which spreads them in.
 */
export function incompatibilityHandlers(context: ResourceContext) {
  return {
    listIncompatibleAccessPackages: async (input) => {
      if (!(await input.store.get('accessPackage', input.path.accessPackageId))) throw notFound();
      const page = await linkedPage<AccessPackage>(
        input,
        INCOMPATIBLE_PACKAGE,
        equals(OF_PACKAGE, input.path.accessPackageId),
        context.pageSize,
        {
          entity: 'accessPackage',
          end: OTHER_PACKAGE,
          entitySet: PACKAGES_SET,
        },
      );
      return input.reply(200, page);
    },
    listAccessPackagesIncompatibleWith: async (input) => {
      if (!(await input.store.get('accessPackage', input.path.accessPackageId))) throw notFound();
      const page = await linkedPage<AccessPackage>(
        input,
        INCOMPATIBLE_PACKAGE,
        equals(OTHER_PACKAGE, input.path.accessPackageId),
        context.pageSize,
        {
          entity: 'accessPackage',
          end: OF_PACKAGE,
          entitySet: PACKAGES_SET,
        },
      );
      return input.reply(200, page);
    },
    addIncompatibleAccessPackage: ({ body, path, store, reply }) =>
      store.transaction(async (tx) => {
        const id = path.accessPackageId;
        if (!(await tx.lock('accessPackage', id, 'update'))) throw notFound();
        const other = referenced(body['@odata.id'], 'accessPackages');
        if (other === id) {
          throw new GraphHttpError(400, 'InvalidRequest', 'An access package cannot be incompatible with itself.');
        }
        if (!(await tx.lock('accessPackage', other, 'share'))) throw packageNotFound(other);
        if (!(await tx.get(INCOMPATIBLE_PACKAGE, linkId(id, other)))) {
          await assertRoomForOneMore(tx, context.maxItems);
          await tx.insert(INCOMPATIBLE_PACKAGE, { id: linkId(id, other), [OF_PACKAGE]: id, [OTHER_PACKAGE]: other });
        }
        return reply(204);
      }),
    removeIncompatibleAccessPackage: async ({ path, store, reply }) => {
      const { accessPackageId, incompatibleAccessPackageId } = path;
      if (!(await store.get('accessPackage', accessPackageId))) throw notFound();
      if (!(await store.delete(INCOMPATIBLE_PACKAGE, linkId(accessPackageId, incompatibleAccessPackageId)))) {
        throw new GraphHttpError(
          404,
          'ResourceNotFound',
          `The access package '${incompatibleAccessPackageId}' is not incompatible with '${accessPackageId}'.`,
        );
      }
      return reply(204);
    },

    listIncompatibleGroups: async (input) => {
      if (!(await input.store.get('accessPackage', input.path.accessPackageId))) throw notFound();
      const page = await linkedPage<Group>(
        input,
        INCOMPATIBLE_GROUP,
        equals(OF_PACKAGE, input.path.accessPackageId),
        context.pageSize,
        {
          entity: 'group',
          end: OF_GROUP,
          entitySet: 'groups',
        },
      );
      return input.reply(200, page);
    },
    addIncompatibleGroup: ({ body, path, store, reply }) =>
      store.transaction(async (tx) => {
        const id = path.accessPackageId;
        if (!(await tx.lock('accessPackage', id, 'update'))) throw notFound();
        const groupId = referenced(body['@odata.id'], 'groups');
        if (!(await tx.lock('group', groupId, 'share'))) {
          throw new GraphHttpError(404, 'ResourceNotFound', `The group '${groupId}' was not found in the directory.`);
        }
        if (!(await tx.get(INCOMPATIBLE_GROUP, linkId(id, groupId)))) {
          await assertRoomForOneMore(tx, context.maxItems);
          await tx.insert(INCOMPATIBLE_GROUP, { id: linkId(id, groupId), [OF_PACKAGE]: id, [OF_GROUP]: groupId });
        }
        return reply(204);
      }),
    removeIncompatibleGroup: async ({ path, store, reply }) => {
      const { accessPackageId, groupId } = path;
      if (!(await store.get('accessPackage', accessPackageId))) throw notFound();
      if (!(await store.delete(INCOMPATIBLE_GROUP, linkId(accessPackageId, groupId)))) {
        throw new GraphHttpError(
          404,
          'ResourceNotFound',
          `The group '${groupId}' is not incompatible with the access package '${accessPackageId}'.`,
        );
      }
      return reply(204);
    },
  } satisfies Handlers;
}
