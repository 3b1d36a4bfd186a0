import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One property of a CSDL type: its declared type (`Edm.String`, `graph.identity`, `Collection(…)`). */
export interface CsdlProperty {
  type: string;
  /** `Nullable="false"` declares a value always there; absent, null is allowed. */
  nullable: boolean;
  navigation: boolean;
}

export interface CsdlType {
  kind: 'entity' | 'complex' | 'enum';
  /** The base type's name without `graph.`, when there is one. */
  base?: string;
  properties: Map<string, CsdlProperty>;
  /** An enum's members. */
  members: string[];
}

/** The CSDL extracts checked in beside the contract (openapi/csdl/, their source and commit in its README). */
export function csdlPath(version: 'beta' | 'v1.0'): string {
  const openapi = dirname(require.resolve('@accesspackage/openapi/package.json'));
  return join(openapi, 'csdl', `${version}-entitlement-management.xml`);
}

const attribute = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];

/**
 * Reads the entity, complex and enum types of a CSDL extract. A plain reader of the few elements these files use
 * (EntityType, ComplexType, EnumType, Property, NavigationProperty, Member), not a general XML parser.
 */
export function readCsdl(xml: string): Map<string, CsdlType> {
  const types = new Map<string, CsdlType>();
  // A type with no property of its own closes itself (`<ComplexType Name="requestorManager" … />`).
  const blocks = xml.matchAll(/<(EntityType|ComplexType|EnumType)\b([^>]*?)(?:\/>|>([\s\S]*?)<\/\1>)/g);
  for (const [, element, head = '', body = ''] of blocks) {
    const name = attribute(head, 'Name');
    if (!name) continue;
    const base = attribute(head, 'BaseType')?.replace(/^graph\./, '');
    const properties = new Map<string, CsdlProperty>();
    for (const [, tag, attributes = ''] of body.matchAll(/<(Property|NavigationProperty)\b([^>]*)\/?>/g)) {
      const propertyName = attribute(attributes, 'Name');
      const type = attribute(attributes, 'Type');
      if (!propertyName || !type) continue;
      properties.set(propertyName, {
        type,
        nullable: attribute(attributes, 'Nullable') !== 'false',
        navigation: tag === 'NavigationProperty',
      });
    }
    const members = [...body.matchAll(/<Member\b([^>]*)\/?>/g)].map(([, m = '']) => attribute(m, 'Name') ?? '');
    types.set(name, {
      kind: element === 'EntityType' ? 'entity' : element === 'ComplexType' ? 'complex' : 'enum',
      ...(base ? { base } : {}),
      properties,
      members,
    });
  }
  return types;
}

export function loadCsdl(version: 'beta' | 'v1.0'): Map<string, CsdlType> {
  return readCsdl(readFileSync(csdlPath(version), 'utf8'));
}

/** A type's own properties and its bases' (`graph.entity` gives `id`), nearest first. */
export function propertiesOf(types: Map<string, CsdlType>, name: string): Map<string, CsdlProperty> {
  const all = new Map<string, CsdlProperty>();
  for (let current: string | undefined = name; current; current = types.get(current)?.base) {
    if (current === 'entity') {
      if (!all.has('id')) all.set('id', { type: 'Edm.String', nullable: false, navigation: false });
      break;
    }
    for (const [key, property] of types.get(current)?.properties ?? []) if (!all.has(key)) all.set(key, property);
  }
  return all;
}

/** Whether `name` is `base` or derives from it. */
export function derivesFrom(types: Map<string, CsdlType>, name: string, base: string): boolean {
  for (let current: string | undefined = name; current; current = types.get(current)?.base) {
    if (current === base) return true;
  }
  return false;
}
