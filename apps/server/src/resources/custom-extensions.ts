import type {
  AccessPackageAssignmentPolicyCreate,
  CustomAccessPackageWorkflowExtension,
  CustomExtensionHandler,
} from '@accesspackage/types';
import { GraphHttpError, notFound } from '../graph/http-error.js';
import { graphTimestamp } from '../graph/timestamps.js';
import { equals } from '../odata/conditions.js';
import type { StoredCustomExtension, StoredExtensionHandler, StoredPolicy } from '../store/entities.js';
import { EXTENSION_HANDLERS, EXTENSION_STAGE_SETTINGS, IN_CATALOG, OF_EXTENSION } from '../store/references.js';
import { everyItem, type TenantStore } from '../store/store.js';
import type { Handlers } from './operation.js';
import { declareResource } from './resource.js';

// A catalog's custom workflow extensions (Logic Apps its policies call at the stages of a request), the policies'
// handlers that name them, and the calls a request records. The stub calls no Logic App: a call is recorded on the
// request with its callback not yet answered, and the request's `resume` action answers it.

export const EXTENSION = 'customAccessPackageWorkflowExtension';
const HANDLER = 'customExtensionHandler';
const STAGE_SETTING = 'customExtensionStageSetting';

/** The extension, if it is one of the catalog's. */
async function extensionIn(
  store: TenantStore,
  catalogId: string,
  id: string,
): Promise<StoredCustomExtension | undefined> {
  // Locked against its deletion until the policy naming it is stored.
  const extension = await store.lock(EXTENSION, id, 'share');
  return extension?.[IN_CATALOG] === catalogId ? extension : undefined;
}

type HandlerSettings = NonNullable<AccessPackageAssignmentPolicyCreate['customExtensionHandlers']>;

/**
 * A policy's handlers and stage settings as a create or replace sends them, ready to store: each names an extension
 * of the package's catalog (else 400 InvalidModel), and keeps its id or gets one.
 */
export async function extensionHandlersOf(
  store: TenantStore,
  catalogId: string,
  body: Pick<AccessPackageAssignmentPolicyCreate, 'customExtensionHandlers' | 'customExtensionStageSettings'>,
): Promise<Pick<StoredPolicy, typeof EXTENSION_HANDLERS | typeof EXTENSION_STAGE_SETTINGS>> {
  const stored = async (property: string, given: HandlerSettings | undefined) => {
    const handlers: StoredExtensionHandler[] = [];
    for (const [index, setting] of (given ?? []).entries()) {
      const id = setting.customExtension.id;
      if (!(await extensionIn(store, catalogId, id))) {
        throw new GraphHttpError(400, 'InvalidModel', 'The model is invalid.', [
          {
            code: 'InvalidModel',
            target: `${property}[${index}].customExtension.id`,
            message: `The catalog '${catalogId}' of the policy's access package has no custom workflow extension '${id}'. Create it in that catalog (customAccessPackageWorkflowExtensions) first.`,
          },
        ]);
      }
      handlers.push({ id: setting.id ?? globalThis.crypto.randomUUID(), stage: setting.stage, [OF_EXTENSION]: id });
    }
    return handlers;
  };
  return {
    [EXTENSION_HANDLERS]: await stored('customExtensionHandlers', body.customExtensionHandlers),
    [EXTENSION_STAGE_SETTINGS]: await stored('customExtensionStageSettings', body.customExtensionStageSettings),
  };
}

const extensionOfHandler = async (handler: StoredExtensionHandler, store: TenantStore) =>
  await store.get(EXTENSION, handler[OF_EXTENSION]);

/** A policy's handlers, and its stage settings: shown only through `$expand`, each with its extension. */
export const extensionHandlers = declareResource<StoredExtensionHandler, CustomExtensionHandler>({
  entity: HANDLER,
  references: [OF_EXTENSION],
  navigation: { customExtension: extensionOfHandler },
  handlers: () => ({}),
});
export const extensionStageSettings = declareResource<StoredExtensionHandler, CustomExtensionHandler>({
  entity: STAGE_SETTING,
  references: [OF_EXTENSION],
  navigation: { customExtension: extensionOfHandler },
  handlers: () => ({}),
});

/** Whether a policy names the extension, by a handler or a stage setting. */
async function policiesNaming(store: TenantStore, extensionId: string): Promise<StoredPolicy[]> {
  return (await everyItem(store, 'accessPackageAssignmentPolicy', 'policies naming an extension')).filter((policy) =>
    [...(policy[EXTENSION_HANDLERS] ?? []), ...(policy[EXTENSION_STAGE_SETTINGS] ?? [])].some(
      (handler) => handler[OF_EXTENSION] === extensionId,
    ),
  );
}

export const customExtensions = declareResource<StoredCustomExtension, CustomAccessPackageWorkflowExtension>({
  entity: EXTENSION,
  references: [IN_CATALOG],
  handlers: (crud) => {
    // The extension named by the path, in the catalog the path names (else 404), locked for a change.
    const inPath = async (store: TenantStore, path: Record<string, string>, lock: boolean) => {
      const id = path.customAccessPackageWorkflowExtensionId ?? '';
      const extension = lock ? await store.lock(EXTENSION, id, 'update') : await store.get(EXTENSION, id);
      if (!extension || extension[IN_CATALOG] !== path.accessPackageCatalogId) throw notFound();
      return extension;
    };
    const catalogExists = async (store: TenantStore, catalogId: string) => {
      if (!(await store.lock('accessPackageCatalog', catalogId, 'share'))) throw notFound();
    };
    return {
      listCustomAccessPackageWorkflowExtensions: async (input) => {
        const { accessPackageCatalogId } = input.path;
        if (!(await input.store.get('accessPackageCatalog', accessPackageCatalogId))) throw notFound();
        return crud.list(input, { scope: equals(IN_CATALOG, accessPackageCatalogId) });
      },
      getCustomAccessPackageWorkflowExtension: async (input) =>
        crud.shown(input, await inPath(input.store, input.path, false)),
      createCustomAccessPackageWorkflowExtension: async (input) => {
        const { body, caller, path } = input;
        const created = await input.store.transaction(async (tx) => {
          await catalogExists(tx, path.accessPackageCatalogId);
          const at = graphTimestamp();
          return crud.insert(
            tx,
            {
              displayName: body.displayName,
              description: body.description ?? null,
              createdDateTime: at,
              lastModifiedDateTime: at,
              clientConfiguration: body.clientConfiguration ?? null,
              endpointConfiguration: body.endpointConfiguration ?? null,
              authenticationConfiguration: body.authenticationConfiguration ?? null,
              [IN_CATALOG]: path.accessPackageCatalogId,
            },
            caller,
          );
        });
        return crud.created(input, created);
      },
      // Graph's PUT here changes what the body holds and keeps the rest (its example sends two properties).
      updateCustomAccessPackageWorkflowExtension: async (input) => {
        const { body, path } = input;
        const updated = await input.store.transaction(async (tx) => {
          await inPath(tx, path, true);
          const { id: _id, createdDateTime: _c, lastModifiedDateTime: _m, '@odata.type': _t, ...changes } = body;
          return await tx.update(EXTENSION, path.customAccessPackageWorkflowExtensionId, (current) =>
            JSON.parse(JSON.stringify({ ...current, ...changes, lastModifiedDateTime: graphTimestamp() })),
          );
        });
        if (!updated) throw notFound();
        return crud.shown(input, updated);
      },
      deleteCustomAccessPackageWorkflowExtension: (input) =>
        input.store.transaction(async (tx) => {
          const extension = await inPath(tx, input.path, true);
          const naming = await policiesNaming(tx, extension.id);
          if (naming.length > 0) {
            throw new GraphHttpError(
              409,
              'CustomExtensionInUse',
              `The custom workflow extension '${extension.displayName}' is called by ${naming.length} policy(ies) (${naming.map((p) => `'${p.displayName}'`).join(', ')}). Replace those policies without it first.`,
            );
          }
          return crud.remove({ ...input, store: tx });
        }),
    } satisfies Handlers;
  },
});
