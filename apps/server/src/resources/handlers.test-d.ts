// Type-level tests: `pnpm typecheck` compiles this file, and every `@ts-expect-error` below must
// find an error, or tsc fails with "Unused '@ts-expect-error' directive". Nothing here runs.
import type { Handler, Handlers } from './operation.js';

const pkg = { id: 'p', catalogId: 'c', displayName: 'Marketing' };

export const answersWhatTheContractDeclares: Handlers = {
  getAccessPackage: async ({ reply }) => reply(200, pkg),
  deleteAccessPackage: async ({ reply }) => reply(204),
  createAccessPackage: async ({ body, reply }) => reply(201, { ...pkg, displayName: body.displayName }),
};

export const extraProperty: Handler<'getAccessPackage'> = async ({ reply }) =>
  // @ts-expect-error colour is not a property of accessPackage in the contract
  reply(200, { ...pkg, colour: 'red' });

export const wrongType: Handler<'getAccessPackage'> = async ({ reply }) =>
  // @ts-expect-error displayName is a string in the contract
  reply(200, { ...pkg, displayName: 5 });

export const undeclaredStatus: Handler<'getAccessPackage'> = async ({ reply }) =>
  // @ts-expect-error a get answers 200, not 201
  reply(201, pkg);

export const bodyOn204: Handler<'deleteAccessPackage'> = async ({ reply }) =>
  // @ts-expect-error a 204 has no body
  reply(204, pkg);

export const notAPage: Handler<'listAccessPackages'> = async ({ reply }) =>
  // @ts-expect-error a list answers a page, not one package
  reply(200, pkg);

// @ts-expect-error a reply built by hand must still be one the contract declares
export const handMadeReply: Handler<'getAccessPackage'> = async () => ({ status: 201, body: pkg });

export const readsTypedBodies: Handler<'createAccessPackage'> = async ({ body, reply }) => {
  // @ts-expect-error the create body has no colour
  body.colour;
  body.catalogId satisfies string;
  return reply(201, { id: 'new', catalogId: body.catalogId });
};

export const readsTypedPaths: Handler<'getAccessPackageCatalog'> = async ({ path, reply }) => {
  path.accessPackageCatalogId satisfies string;
  // @ts-expect-error the catalog path names accessPackageCatalogId, not accessPackageId
  path.accessPackageId;
  return reply(200, { id: path.accessPackageCatalogId });
};

export const unknownOperation: Handlers = {
  // @ts-expect-error no operation of the contract has this id
  listWidgets: async () => ({ status: 200, body: { value: [] } }),
};
