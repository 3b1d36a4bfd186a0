import type { Contract } from '@accesspackage/openapi';
import type { Resource } from '@accesspackage/server';

/*
 * A contract `copies` times the size of the stub's: every path (but the stub's own `/_stub/*`), operation and component
 * cloned under new names, the clones placed before the originals. If a request's cost grew with the number of
 * operations (a linear route search, a per-request walk of the document), the benchmarked requests, which are the
 * originals', would pay for every clone in front of them.
 */

const COMPONENT_REF = /^#\/components\/([^/]+)\/(.+)$/;

// The stub reads its OData capabilities from `x-odata`: clones must not declare entities of their own.
function renamed(value: unknown, suffix: string): unknown {
  if (Array.isArray(value)) return value.map((v) => renamed(v, suffix));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'x-odata') continue;
    if (key === '$ref' && typeof inner === 'string') {
      const match = COMPONENT_REF.exec(inner);
      out[key] = match ? `#/components/${match[1]}/${match[2]}${suffix}` : inner;
    } else if (key === 'operationId' && typeof inner === 'string') {
      out[key] = `${inner}${suffix}`;
    } else {
      out[key] = renamed(inner, suffix);
    }
  }
  return out;
}

/** `/identityGovernance/...` -> `/copy1/identityGovernance/...`: a new literal segment in front of each path. */
export const clonedPath = (path: string, copy: number) => `/copy${copy}${path}`;

export function largerContract(contract: Contract, copies: number): Contract {
  const paths = (contract.paths ?? {}) as Record<string, unknown>;
  const components = (contract.components ?? {}) as Record<string, Record<string, unknown>>;
  const outPaths: Record<string, unknown> = {};
  const outComponents: Record<string, Record<string, unknown>> = {};
  for (let copy = 1; copy < copies; copy++) {
    const suffix = `Copy${copy}`;
    for (const [path, item] of Object.entries(paths)) {
      if (!path.startsWith('/_stub/')) outPaths[clonedPath(path, copy)] = renamed(item, suffix);
    }
    for (const [kind, entries] of Object.entries(components)) {
      const target = outComponents[kind] ?? {};
      // Security schemes are referred to by name from `security`, not by $ref: they stay shared.
      if (kind !== 'securitySchemes') {
        for (const [name, entry] of Object.entries(entries)) target[`${name}${suffix}`] = renamed(entry, suffix);
      }
      outComponents[kind] = target;
    }
  }
  for (const [kind, entries] of Object.entries(components))
    outComponents[kind] = { ...outComponents[kind], ...entries };
  return { ...contract, paths: { ...outPaths, ...paths }, components: outComponents };
}

/** The stub's resources, answering each clone's operationId with the original's handler. */
export function largerResources(resources: readonly Resource[], copies: number): Resource[] {
  const clones: Resource[] = [];
  for (let copy = 1; copy < copies; copy++) {
    for (const resource of resources) {
      clones.push({
        entity: resource.entity,
        build: (context) =>
          Object.fromEntries(
            Object.entries(resource.build(context)).map(([id, handler]) => [`${id}Copy${copy}`, handler]),
          ),
      });
    }
  }
  return [...resources, ...clones];
}

/** How many operations a contract declares. */
export function operationCount(contract: Contract): number {
  let count = 0;
  for (const item of Object.values((contract.paths ?? {}) as Record<string, Record<string, unknown>>)) {
    for (const value of Object.values(item)) if ((value as { operationId?: unknown })?.operationId) count++;
  }
  return count;
}
