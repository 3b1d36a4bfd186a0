import { type CsdlProperty, type CsdlType, derivesFrom, loadCsdl, propertiesOf, readCsdl } from './csdl.js';
import { specDocument } from './testing.js';

// The contract's schemas against Graph's beta metadata (openapi/csdl/), property by property: Microsoft's SDKs are
// generated from the metadata, so a name or a type the contract answers differently is one they read wrong. Every
// component schema named as a CSDL type is compared: each of its properties must exist there with a type of the same
// shape (a string, a boolean, a number, one object or a collection). A difference fails unless it is listed below
// with its reason; a listed difference that is gone fails too, so the list stays true.

type Schema = Record<string, unknown>;

const KNOWN: Record<string, string> = {
  'accessPackage.uniqueName/missing':
    "documented by no docs page; the contract keeps it (always null) for clients of the 2019 seed page's shape, and the national-cloud extract checked in here does not declare it",
  'accessPackageQuestion.regexPattern/missing':
    "documented on accessPackageTextInputQuestion's docs page (a pattern the answer must match); the metadata extract does not declare it",
  'userSet.managerLevel/missing':
    "documented on requestorManager's docs page (which manager up the chain approves); the metadata extract declares requestorManager with no property",
  'accessPackageResourceAttribute.isEditable/missing':
    "in the docs' resource request example and on accessPackageResourceAttribute's docs page; the metadata extract does not declare it: kept and shown as sent",
  'accessPackageResourceAttribute.isPersistedOnAssignmentRemoval/missing':
    "in the docs' resource request example and on accessPackageResourceAttribute's docs page; the metadata extract does not declare it: kept and shown as sent",
  'requestorSettings.isOnBehalfAllowed/missing':
    "in the docs' policy examples 4 and 5, not in the metadata: accepted, and left out of answers as the docs' responses leave it out",
  'accessPackageQuestion.isAnswerEditable/missing':
    "in the docs' question examples (policy create), where the metadata has no such property: accepted and echoed as sent",
};

const document = specDocument();
const schemas = ((document.components as Schema).schemas ?? {}) as Record<string, Schema>;
const csdl = loadCsdl('beta');

function resolve(schema: Schema): { schema: Schema; name?: string } {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return { schema };
  const name = ref.replace('#/components/schemas/', '');
  return { schema: schemas[name] ?? {}, name };
}

/** A contract schema's shape, as CSDL would name it: `string`, `boolean`, `number`, `object`, or `collection`. */
function shapeOf(schema: Schema): { shape: string; ref?: string; nullable: boolean } {
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (alternatives) {
    const real = alternatives.filter((a) => a.type !== 'null');
    const nullable = real.length < alternatives.length;
    if (real.length === 1 && real[0]) return { ...shapeOf(real[0]), nullable: nullable || shapeOf(real[0]).nullable };
    return { shape: 'object', nullable };
  }
  const { schema: target, name } = resolve(schema);
  if (name)
    return { ...shapeOf(target), ...(target.type === 'object' || !target.type ? { shape: 'object' } : {}), ref: name };
  const types = (Array.isArray(target.type) ? target.type : [target.type]).filter((t) => t !== undefined);
  const nullable = types.includes('null');
  const type = types.find((t) => t !== 'null');
  if (type === 'array') return { shape: 'collection', nullable };
  if (type === 'integer' || type === 'number') return { shape: 'number', nullable };
  if (type === 'string' || type === 'boolean') return { shape: String(type), nullable };
  return { shape: 'object', nullable };
}

/** A CSDL type's shape: `Edm.String` a string, `graph.someEnum` a string, `Collection(…)` a collection. */
function csdlShape(types: Map<string, CsdlType>, property: CsdlProperty): string {
  if (/^Collection\(/.test(property.type)) return 'collection';
  const type = property.type;
  if (type === 'Edm.Boolean') return 'boolean';
  if (/^Edm\.(Int16|Int32|Int64|Double|Decimal|Single|Byte)$/.test(type)) return 'number';
  if (type.startsWith('Edm.')) return 'string';
  return types.get(type.replace(/^graph\./, ''))?.kind === 'enum' ? 'string' : 'object';
}

/** Every difference between the contract's schemas and the CSDL types of the same names. */
function differences(types: Map<string, CsdlType>): string[] {
  const found: string[] = [];
  for (const [name, schema] of Object.entries(schemas)) {
    if (!types.has(name) || types.get(name)?.kind === 'enum') continue;
    // A polymorphic type (an abstract question, answer or user set) is one schema in the contract, holding its derived
    // types' properties too: which one an item is, its `@odata.type` says.
    const declared = propertiesOf(types, name);
    for (const derived of [...types.keys()].filter((other) => other !== name && derivesFrom(types, other, name))) {
      for (const [key, property] of propertiesOf(types, derived)) if (!declared.has(key)) declared.set(key, property);
    }
    for (const [property, propertySchema] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
      if (property.startsWith('@odata.')) continue;
      const expected = declared.get(property);
      if (!expected) {
        found.push(`${name}.${property}/missing`);
        continue;
      }
      const contract = shapeOf(propertySchema);
      if (contract.shape !== csdlShape(types, expected)) {
        found.push(`${name}.${property}/type`);
        continue;
      }
      // A single object must be the declared type or one derived from it (a userIdentity where an identity is).
      const declaredType = expected.type.replace(/^graph\./, '');
      if (contract.shape === 'object' && contract.ref && types.has(contract.ref) && types.get(declaredType)) {
        if (!derivesFrom(types, contract.ref, declaredType)) found.push(`${name}.${property}/type`);
      }
    }
  }
  return found.sort();
}

it('reads the CSDL extract: entity and complex types, their bases, properties and navigations', () => {
  const types = readCsdl(
    '<EntityType Name="a" BaseType="graph.entity"><Property Name="x" Type="Edm.Int32" Nullable="false" />' +
      '<NavigationProperty Name="b" Type="Collection(graph.b)" /></EntityType>' +
      '<ComplexType Name="b"><Property Name="y" Type="graph.e" /></ComplexType>' +
      '<EnumType Name="e"><Member Name="one" Value="0" /><Member Name="two" Value="1" /></EnumType>' +
      '<ComplexType Name="c" BaseType="graph.b" /><ComplexType Name="d" BaseType="graph.b"><Property Name="z" Type="Edm.String" /></ComplexType>',
  );
  expect([...propertiesOf(types, 'a')]).toEqual([
    ['x', { type: 'Edm.Int32', nullable: false, navigation: false }],
    ['b', { type: 'Collection(graph.b)', nullable: true, navigation: true }],
    ['id', { type: 'Edm.String', nullable: false, navigation: false }],
  ]);
  expect(types.get('e')?.members).toEqual(['one', 'two']);
  // A type that closes itself ends there: the next type is read as its own.
  expect(types.get('c')?.properties.size).toBe(0);
  expect([...propertiesOf(types, 'd').keys()]).toEqual(['z', 'y']);
  expect(csdl.get('approvalStep')?.properties.get('reviewedBy')?.type).toBe('graph.identity');
  expect(derivesFrom(csdl, 'userIdentity', 'identity')).toBe(true);
});

it("finds a property's type the contract answers in another shape than Graph's metadata declares", () => {
  // approvalStep.reviewedBy is one identity in the CSDL: a contract answering a list would differ.
  const step = schemas.approvalStep as Schema;
  const properties = step.properties as Record<string, Schema>;
  const saved = properties.reviewedBy;
  properties.reviewedBy = { type: 'array', items: { $ref: '#/components/schemas/userIdentity' } };
  try {
    expect(differences(csdl)).toContain('approvalStep.reviewedBy/type');
  } finally {
    properties.reviewedBy = saved as Schema;
  }
});

it("answers every schema named as a beta CSDL type with Graph's names and shapes, but the listed differences", () => {
  const compared = Object.keys(schemas).filter((name) => csdl.has(name) && csdl.get(name)?.kind !== 'enum');
  expect(compared.length).toBeGreaterThan(20);
  const found = differences(csdl);
  expect(found.filter((d) => !(d in KNOWN))).toEqual([]);
  expect(Object.keys(KNOWN).filter((d) => !found.includes(d))).toEqual([]);
});

// The other way: properties (not navigations, which the contract serves as paths and `$expand`) that Graph's metadata
// declares on an Entitlement Management type and the contract does not answer yet, each with why. Directory types
// (user, group) are Graph's directory, of which the stub serves what access packages need.
const NOT_ANSWERED: Record<string, string> = {
  'accessPackageSubject.altSecId': "documented as 'Not Supported' on accessPackageSubject's page",
  'accessPackageSubject.cleanupScheduledDateTime':
    "the removal of external users whose last assignment ended (Entitlement Management's settings), not modelled",
  'accessPackageAssignmentRequest.customExtensionCalloutInstances':
    "the newer calls of v1.0's callout extensions; beta's calls are answered in customExtensionHandlerInstances",
  'accessPackageAssignmentRequest.verifiedCredentialsData': 'verifiable credentials are not modelled',
  'accessPackageAssignment.customExtensionCalloutInstances':
    "the calls of an assignment's expiry reminders (assignmentFourteenDaysBeforeExpiration ...), which the stub accepts and never makes",
  'unifiedRoleDefinition.allowedPrincipalTypes':
    'the directory role provider only; Entitlement Management roles leave it out',
  'unifiedRoleDefinition.isPrivileged': 'the directory role provider only; Entitlement Management roles leave it out',
};

it("answers every property Graph's metadata declares on an Entitlement Management type, but those listed as not yet", () => {
  const missing: string[] = [];
  for (const [name, schema] of Object.entries(schemas)) {
    const type = csdl.get(name);
    if (!type || type.kind === 'enum' || ['group', 'user', 'directoryObject'].includes(name)) continue;
    const answered = (schema.properties ?? {}) as Record<string, unknown>;
    for (const [key, property] of propertiesOf(csdl, name)) {
      if (!property.navigation && !(key in answered)) missing.push(`${name}.${key}`);
    }
  }
  expect(missing.filter((m) => !(m in NOT_ANSWERED))).toEqual([]);
  expect(Object.keys(NOT_ANSWERED).filter((m) => !missing.includes(m))).toEqual([]);
});
