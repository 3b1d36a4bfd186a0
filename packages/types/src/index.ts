// The public names of the contract: every schema, plus the request (`*Data`), response (`*Response`,
// `*Responses`) and error (`*Error`, `*Errors`) types of each operation. All of it comes from
// openapi/accesspackage.yaml through src/gen, which `pnpm generate` rebuilds.
export type * from './gen/types.gen.js';
// Graph's SDKs call the error envelope ODataError; the generator spells it from the schema name.
export type { OdataError as ODataError } from './gen/types.gen.js';
