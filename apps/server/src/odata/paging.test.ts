import { thrownGraphError } from '../testing/thrown.js';
import type { OrderBy } from './orderby.js';
import { type Page, type PageOptions, paginate } from './paging.js';

interface Item {
  id: string;
  seq: number;
  displayName: string | null;
}

const INVALID =
  'The $skiptoken is not valid for this request. Follow @odata.nextLink exactly as returned, without changing other query options.';

/** A tiny store: seq grows with every insert, as the real store assigns it. */
class Items {
  private seq = 0;
  readonly all: Item[] = [];

  add(displayName: string | null = `item ${this.seq + 1}`): Item {
    this.seq += 1;
    const item = { id: `id-${this.seq}`, seq: this.seq, displayName };
    this.all.push(item);
    return item;
  }

  addMany(count: number, name: (i: number) => string | null = (i) => `item ${i}`): Item[] {
    return Array.from({ length: count }, (_, i) => this.add(name(i)));
  }

  remove(...ids: string[]): void {
    for (const id of ids) {
      const at = this.all.findIndex((item) => item.id === id);
      if (at < 0) throw new Error(`${id} was already removed`);
      this.all.splice(at, 1);
    }
  }
}

const base = { pageSize: 100, queryFingerprint: 'q' } satisfies PageOptions;

/** Follows nextSkiptoken to the end, calling `between` after each page, and returns every page. */
function readAll(
  store: Items,
  options: Omit<PageOptions<Item>, 'skiptoken'>,
  between?: (page: number, read: Item[]) => void,
): Item[][] {
  const pages: Item[][] = [];
  let skiptoken: string | undefined;
  do {
    const result: Page<Item> = paginate(store.all, { ...options, skiptoken });
    pages.push(result.page);
    skiptoken = result.nextSkiptoken;
    between?.(pages.length, pages.flat());
  } while (skiptoken !== undefined && pages.length < 100);
  return pages;
}

describe('paginate', () => {
  it('ends a page early when its items outweigh the budget, keeping at least one, and carries on from there', () => {
    const store = new Items();
    store.addMany(10, (i) => 'x'.repeat(i === 3 ? 50 : 10));
    const budget = { weigh: (item: Item) => item.displayName?.length ?? 0, max: 35 };
    const pages = readAll(store, { ...base, top: 5, budget });
    expect(pages.map((page) => page.map((item) => item.seq))).toEqual([[1, 2, 3], [4], [5, 6, 7], [8, 9, 10]]);
  });

  it('returns everything in insertion order without a token when it fits one page', () => {
    const store = new Items();
    store.addMany(3);
    const shuffled = [store.all[2], store.all[0], store.all[1]] as Item[];
    expect(paginate(shuffled, base)).toEqual({ page: store.all });
    expect(paginate([], base)).toEqual({ page: [] });
  });

  it('pages by pageSize and stops without an empty last page', () => {
    const store = new Items();
    store.addMany(200);
    const pages = readAll(store, base);
    expect(pages.map((page) => page.length)).toEqual([100, 100]);
    expect(pages.flat()).toEqual(store.all);
  });

  it('uses $top as the page size, capped by maxPageSize', () => {
    const store = new Items();
    store.addMany(25);
    expect(readAll(store, { ...base, top: 10 }).map((page) => page.length)).toEqual([10, 10, 5]);
    expect(readAll(store, { ...base, top: 999, maxPageSize: 20 }).map((page) => page.length)).toEqual([20, 5]);
    expect(readAll(store, { ...base, pageSize: 50, maxPageSize: 20 }).map((page) => page.length)).toEqual([20, 5]);
  });

  it('refuses a page size that is not a positive integer', () => {
    expect(() => paginate([], { ...base, pageSize: 0 })).toThrow(RangeError);
    expect(() => paginate([], { ...base, top: 1.5 })).toThrow(RangeError);
  });

  it('sorts by orderBy, breaking ties by insertion order', () => {
    const store = new Items();
    store.addMany(6, (i) => ['b', 'A', null, 'a', 'B', 'c'][i] ?? null);
    const orderBy: OrderBy = [{ property: 'displayName', direction: 'asc' }];
    const names = (pages: Item[][]) => pages.flat().map((item) => `${item.displayName}:${item.seq}`);
    expect(names(readAll(store, { ...base, orderBy, top: 2 }))).toEqual(['null:3', 'A:2', 'a:4', 'b:1', 'B:5', 'c:6']);
    const desc: OrderBy = [{ property: 'displayName', direction: 'desc' }];
    expect(names(readAll(store, { ...base, orderBy: desc, top: 4 }))).toEqual([
      'c:6',
      'b:1',
      'B:5',
      'A:2',
      'a:4',
      'null:3',
    ]);
  });

  it('keeps every item that exists throughout exactly once while others are created and deleted', () => {
    const store = new Items();
    const original = store.addMany(250);
    const deleted = new Set<string>();
    const created: Item[] = [];

    const pages = readAll(store, base, (page) => {
      if (page === 1) {
        // Five already read on page 1 and five not yet read on page 2.
        const gone = [...original.slice(10, 15), ...original.slice(120, 125)].map((item) => item.id);
        store.remove(...gone);
        for (const id of gone) deleted.add(id);
        created.push(...store.addMany(30, (i) => `new ${i}`));
      }
      if (page === 2) created.push(...store.addMany(5, (i) => `newer ${i}`));
    });

    const seen = pages.flat();
    const survivors = original.filter((item) => !deleted.has(item.id));
    for (const item of survivors) expect(seen.filter((s) => s.id === item.id)).toHaveLength(1);
    expect(new Set(seen.map((item) => item.id)).size).toBe(seen.length);
    // Deleted items read before their deletion stay on page 1; those not yet read never appear.
    expect(seen.some((item) => item.id === original[120]?.id)).toBe(false);
    expect(seen.some((item) => item.id === original[10]?.id)).toBe(true);
    // New items land after the cursor in the default order, so all of them are read.
    expect(seen.slice(-created.length)).toEqual(created);
    expect(seen.map((item) => item.seq)).toEqual([...seen.map((item) => item.seq)].sort((a, b) => a - b));
    // 250 - 5 deleted before being read + 35 created.
    expect(pages.map((page) => page.length)).toEqual([100, 100, 80]);
  });

  it('stays consistent under churn when sorted by a property', () => {
    const store = new Items();
    const original = store.addMany(250, (i) => `name ${String((i * 7919) % 250).padStart(3, '0')}`);
    const orderBy: OrderBy = [{ property: 'displayName', direction: 'desc' }];
    const deleted = new Set<string>();
    const options = { ...base, orderBy };

    const pages = readAll(store, options, (page, read) => {
      if (page > 2) return;
      // Delete two items from the page just read and two the next page would hold.
      const justRead = read.slice(-100);
      const unread = paginate(store.all, { ...options, top: 999 }).page.filter((item) => !read.includes(item));
      const gone = [justRead[3], justRead[99], unread[5], unread[6]].map((item) => (item as Item).id);
      store.remove(...gone);
      for (const id of gone) deleted.add(id);
      // Names sorting before the cursor, and after it.
      store.add('name 999');
      store.add('name -01');
    });

    const seen = pages.flat();
    const survivors = original.filter((item) => !deleted.has(item.id));
    for (const item of survivors) expect(seen.filter((s) => s.id === item.id)).toHaveLength(1);
    expect(new Set(seen.map((item) => item.id)).size).toBe(seen.length);
    const names = seen.map((item) => item.displayName as string);
    expect(names).toEqual([...names].sort().reverse());
    // Late 'name 999's sort before the cursor and are never read; 'name -01's sort after it and are.
    expect(seen.filter((item) => item.displayName === 'name 999')).toHaveLength(0);
    expect(seen.filter((item) => item.displayName === 'name -01')).toHaveLength(2);
  });

  it('continues after the cursor even when the item it points at was deleted', () => {
    const store = new Items();
    store.addMany(5);
    const first = paginate(store.all, { ...base, top: 2 });
    store.remove('id-2');
    const second = paginate(store.all, { ...base, top: 2, skiptoken: first.nextSkiptoken });
    expect(second.page.map((item) => item.id)).toEqual(['id-3', 'id-4']);
  });

  it('returns an empty last page when everything after the cursor was deleted', () => {
    const store = new Items();
    store.addMany(3);
    const first = paginate(store.all, { ...base, top: 2 });
    store.remove('id-3');
    expect(paginate(store.all, { ...base, top: 2, skiptoken: first.nextSkiptoken })).toEqual({ page: [] });
  });

  it('issues opaque base64url tokens', () => {
    const store = new Items();
    store.addMany(3);
    const { nextSkiptoken } = paginate(store.all, { ...base, top: 1, queryFingerprint: 'x'.repeat(5000) });
    expect(nextSkiptoken).toMatch(/^[A-Za-z0-9_-]+$/);
    expect((nextSkiptoken as string).length).toBeLessThan(100);
  });

  describe('refuses a skiptoken', () => {
    const store = new Items();
    store.addMany(5);
    const orderBy: OrderBy = [{ property: 'displayName', direction: 'asc' }];
    const token = paginate(store.all, { ...base, top: 2, orderBy }).nextSkiptoken as string;
    const payload = JSON.parse(Buffer.from(token, 'base64url').toString()) as Record<string, unknown>;
    const forge = (changes: Record<string, unknown>) =>
      Buffer.from(JSON.stringify({ ...payload, ...changes })).toString('base64url');

    function expectRefused(options: Partial<PageOptions>) {
      const error = thrownGraphError(() =>
        paginate(store.all, { ...base, top: 2, orderBy, skiptoken: token, ...options }),
      );
      expect(error.status).toBe(400);
      expect(error.code).toBe('BadRequest');
      expect(error.message).toBe(INVALID);
    }

    it('that it issued, when used with the same query', () => {
      expect(paginate(store.all, { ...base, top: 2, orderBy, skiptoken: token }).page.map((i) => i.id)).toEqual([
        'id-3',
        'id-4',
      ]);
    });

    it('issued for another query', () => {
      expectRefused({ queryFingerprint: 'other' });
    });

    it('issued for another sort order', () => {
      expectRefused({ orderBy: [] });
      expectRefused({ orderBy: [...orderBy, { property: 'id', direction: 'asc' }] });
    });

    it('that does not decode', () => {
      expectRefused({ skiptoken: '' });
      expectRefused({ skiptoken: 'not a token!' });
      expectRefused({ skiptoken: `${token}*` });
      expectRefused({ skiptoken: Buffer.from('{"v":1').toString('base64url') });
      expectRefused({ skiptoken: Buffer.from('[]').toString('base64url') });
      expectRefused({ skiptoken: Buffer.from('null').toString('base64url') });
    });

    it('of another version or with a damaged payload', () => {
      expectRefused({ skiptoken: forge({ v: 2 }) });
      expectRefused({ skiptoken: forge({ s: '3' }) });
      expectRefused({ skiptoken: forge({ s: 1.5 }) });
      expectRefused({ skiptoken: forge({ k: [{ nested: true }] }) });
      expectRefused({ skiptoken: forge({ k: 'item 2' }) });
      expectRefused({ skiptoken: forge({ q: undefined }) });
    });
  });
});
