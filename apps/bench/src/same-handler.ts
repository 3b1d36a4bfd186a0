import { randomUUID } from 'node:crypto';

/*
 * The handler the two reference servers (raw node:http, bare express) share: the four benchmarked requests answered
 * from memory, in the stub's shapes and sizes, with none of its work (no validation, auth, store or middleware). What
 * the stub costs beyond this is what its design adds; the references differ from each other only by the framework.
 */

export const PACKAGES_PATH = '/beta/identityGovernance/entitlementManagement/accessPackages';

export const GRAPH_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export interface Reply {
  status: number;
  body: unknown;
}

interface Item {
  id: string;
  catalogId: string;
  displayName: string;
  description: string;
  isHidden: boolean;
  isRoleScopesVisible: boolean;
  createdBy: string;
  createdDateTime: string;
  modifiedBy: string;
  modifiedDateTime: string;
}

const PAGE = 100;
const WHO = 'developer@contoso.onmicrosoft.com';
// Only the filter the benchmark sends; anything else is a 400, as a real handler would refuse what it cannot do.
const CONTAINS_LOWER = /^contains\(tolower\(displayName\),'([^']*)'\)$/;

const badRequest = (message: string): Reply => ({ status: 400, body: { error: { code: 'BadRequest', message } } });

export class SameHandler {
  private readonly items: Item[] = [];
  private readonly byId = new Map<string, Item>();

  constructor(private readonly origin: string) {}

  create(body: unknown): Reply {
    const input = body as Partial<Item> | undefined;
    if (typeof input?.catalogId !== 'string' || typeof input.displayName !== 'string')
      return badRequest('catalogId and displayName are required.');
    // The stub's 7 fractional digits.
    const now = new Date().toISOString().replace('Z', '0000Z');
    const item: Item = {
      id: randomUUID(),
      catalogId: input.catalogId,
      displayName: input.displayName,
      description: typeof input.description === 'string' ? input.description : '',
      isHidden: false,
      isRoleScopesVisible: false,
      createdBy: WHO,
      createdDateTime: now,
      modifiedBy: WHO,
      modifiedDateTime: now,
    };
    this.items.push(item);
    this.byId.set(item.id, item);
    return {
      status: 201,
      body: { '@odata.context': `${this.origin}/beta/$metadata#accessPackages/$entity`, ...item },
    };
  }

  get(id: string): Reply {
    const item = this.byId.get(id);
    if (!item) return { status: 404, body: { error: { code: 'ResourceNotFound', message: `No ${id}.` } } };
    return { status: 200, body: { '@odata.context': `${this.origin}/beta/$metadata#accessPackages/$entity`, ...item } };
  }

  list(query: Record<string, string | undefined>): Reply {
    const top = query.$top === undefined ? PAGE : Number(query.$top);
    if (!Number.isInteger(top) || top < 1 || top > 999) return badRequest('$top must be from 1 to 999.');
    const skip = query.$skiptoken === undefined ? 0 : Number(Buffer.from(query.$skiptoken, 'base64url').toString());
    let matching: Item[] = this.items;
    if (query.$filter !== undefined) {
      const needle = CONTAINS_LOWER.exec(query.$filter)?.[1];
      if (needle === undefined) return badRequest('Only contains(tolower(displayName),...) is supported.');
      matching = this.items.filter((item) => item.displayName.toLowerCase().includes(needle));
    }
    const select = query.$select?.split(',');
    const page = matching.slice(skip, skip + top);
    const value = select
      ? page.map((item) => Object.fromEntries(['id', ...select].map((name) => [name, item[name as keyof Item]])))
      : page;
    const more = skip + top < matching.length;
    return {
      status: 200,
      body: {
        '@odata.context': `${this.origin}/beta/$metadata#accessPackages`,
        ...(more
          ? {
              '@odata.nextLink': `${this.origin}${PACKAGES_PATH}?$top=${top}&$skiptoken=${Buffer.from(String(skip + top)).toString('base64url')}`,
            }
          : {}),
        value,
      },
    };
  }
}
