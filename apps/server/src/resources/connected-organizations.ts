import type { AccessPackageSubject, ConnectedOrganization } from '@accesspackage/types';
import { notFound } from '../graph/http-error.js';
import { equals } from '../odata/conditions.js';
import {
  EXTERNAL_SPONSOR,
  INTERNAL_SPONSOR,
  type SponsorLink,
  type StoredConnectedOrganization,
  type StoredSponsor,
} from '../store/entities.js';
import { OF_MEMBER, OF_ORGANIZATION } from '../store/references.js';
import type { StoredEntity } from '../store/store.js';
import { directoryBadRequest, directoryLinkPage, directoryObject, referencedId } from './directory.js';
import { SUBJECT } from './lifecycle/keys.js';
import type { Handler, Handlers } from './operation.js';
import { declareResource } from './resource.js';

// Connected organizations: the organizations whose users may request access packages, named by their identity
// sources, with the directory's users and groups that sponsor them. A subject added by email belongs to the one whose
// domain its address is in.

export const CONNECTED_ORGANIZATION = 'connectedOrganization';

/** Subjects (a request's requestor, an assignment's target) expand to their connected organization. */
export const subjects = declareResource<StoredEntity, AccessPackageSubject>({
  entity: SUBJECT,
  navigation: {
    connectedOrganization: async (subject, store) =>
      typeof subject.connectedOrganizationId === 'string'
        ? await store.get(CONNECTED_ORGANIZATION, subject.connectedOrganizationId)
        : undefined,
  },
  handlers: () => ({}),
});

export const connectedOrganizations = declareResource<StoredConnectedOrganization, ConnectedOrganization>({
  entity: CONNECTED_ORGANIZATION,
  handlers: (crud, context) => {
    // Its internal and external sponsors: links to users and groups of the directory, one entity each, as a group's
    // members are.
    const sponsors = (entity: SponsorLink) => ({
      list: (async ({ req, store, path, reply }) => {
        await crud.find(store, path.connectedOrganizationId);
        const filter = equals(OF_ORGANIZATION, path.connectedOrganizationId);
        return reply(200, await directoryLinkPage(req, store, entity, filter, context.pageSize));
      }) as Handler<'listConnectedOrganizationInternalSponsors'>,
      add: (async ({ path, body, store, reply }) =>
        store.transaction(async (tx) => {
          const organizationId = path.connectedOrganizationId;
          if (!(await tx.lock(CONNECTED_ORGANIZATION, organizationId, 'update'))) throw notFound();
          const sponsorId = referencedId(body['@odata.id']);
          const sponsor = await directoryObject(tx, sponsorId);
          const id = `${organizationId}_${sponsorId}`;
          if (await tx.get(entity, id)) {
            throw directoryBadRequest(
              `One or more added object references already exist for the following modified properties: '${entity === INTERNAL_SPONSOR ? 'internalSponsors' : 'externalSponsors'}'.`,
            );
          }
          const link: StoredSponsor = {
            id,
            [OF_ORGANIZATION]: organizationId,
            [OF_MEMBER]: sponsorId,
            memberType: sponsor.type,
          };
          await tx.insert(entity, link);
          return reply(204);
        })) as Handler<'addConnectedOrganizationInternalSponsor'>,
      remove: (async ({ path, store, reply }) => {
        if (!(await store.delete(entity, `${path.connectedOrganizationId}_${path.directoryObjectId}`))) {
          throw notFound();
        }
        return reply(204);
      }) as Handler<'removeConnectedOrganizationInternalSponsor'>,
    });
    const internal = sponsors(INTERNAL_SPONSOR);
    const external = sponsors(EXTERNAL_SPONSOR);
    return {
      listConnectedOrganizations: crud.list,
      getConnectedOrganization: crud.get,
      createConnectedOrganization: async (input) => {
        const { body, caller } = input;
        const created = await crud.insert(
          input.store,
          {
            displayName: body.displayName,
            description: body.description ?? null,
            identitySources: body.identitySources ?? [],
            state: body.state ?? 'proposed',
          },
          caller,
        );
        return crud.created(input, created);
      },
      updateConnectedOrganization: crud.update,
      // Its sponsorships go with it.
      deleteConnectedOrganization: (input) =>
        input.store.transaction(async (tx) => {
          for (const entity of [INTERNAL_SPONSOR, EXTERNAL_SPONSOR]) {
            for (const link of await tx.where(entity, OF_ORGANIZATION, input.path.connectedOrganizationId)) {
              await tx.delete(entity, link.id);
            }
          }
          return crud.remove({ ...input, store: tx });
        }),
      listConnectedOrganizationInternalSponsors: internal.list,
      addConnectedOrganizationInternalSponsor: internal.add,
      removeConnectedOrganizationInternalSponsor: internal.remove,
      listConnectedOrganizationExternalSponsors: external.list as never,
      addConnectedOrganizationExternalSponsor: external.add as never,
      removeConnectedOrganizationExternalSponsor: external.remove as never,
    } satisfies Handlers;
  },
});
