// The public names of the contract, all generated from openapi/accesspackage.yaml into src/gen
// (`pnpm generate` rebuilds it):
// - every schema, plus the request (`*Data`), response (`*Response`, `*Responses`) and error
//   (`*Error`, `*Errors`) types of each operation (hey-api);
// - `odataEntities`: what each entity supports in $select/$filter/$orderby/$expand (its `x-odata`), and
//   `ODataEntityTypes`, each entity's type by its name;
// - `OperationTypes`: each operation's request and response types, by operationId.

export { type ODataEntityName, type ODataEntityTypes, odataEntities } from './gen/odata.gen.js';
export type { OperationId, OperationTypes } from './gen/operations.gen.js';
export type * from './gen/types.gen.js';
