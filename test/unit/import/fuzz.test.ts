// Fuzz of the import pipeline (issue 13): random tables in random dialects (delimiter, quoting,
// line ends, BOM, gzip) and encodings (UTF-8, UTF-16LE, windows-1252-ish Latin-1), with junk bytes
// spliced in. Every file either loads — rows read = loaded + rejected, and the canonical CSV goes
// into DuckDB without an engine error — or fails with an ImportError naming the file. Never a hang,
// never another exception; and through the worker's service a failed import never changes the
// live tables or the saved copy.
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetApi } from '../../../src/lib/engine/api.ts';
import { createDatasetService } from '../../../workers/dataset/service.ts';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { importFile, isImportError } from '../../../workers/import/index.ts';
import { memoryStore } from '../../../workers/persistence/blob-store.ts';
import { readSavedMeta } from '../../../workers/persistence/dataset-store.ts';

/** Per-file time bound: far above a normal import of these few-KB files, far below "hung". */
const BOUND_MS = 10_000;

const HEADERS = {
  orders: [
    ['订单号', '下单时间', '会员卡号', '门店', '实付金额', '件数'],
    ['order_id', 'order_time', 'member_id', 'store', 'amount', 'item_count'],
  ],
  members: [
    ['会员卡号', '会员等级', '性别', '入会日期', '出生年份'],
    ['member_id', 'tier', 'gender', 'join_date', 'birth_year'],
  ],
  footfall: [
    ['门店', '日期', '客流量'],
    ['store', 'date', 'visitors'],
  ],
} as const;

const hostileCell = fc.oneof(
  fc.constantFrom('2024-01-02 10:00:00', '2024/3/5', '20240305', '1e308', '2147483648', '-0', '¥1,234.50', '(30.00)', '__proto__', 'constructor', '金卡', 'VIP', '男', ''),
  fc.integer({ min: -1e6, max: 1e10 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom('"', '""', '"a,b"', 'a\nb', '"line\nbreak"', '\r', '\t', ';', '|', '\u202e反转', 'a\u200bb', '\ufeff', '\u0000'),
);

const table = fc.record({
  kind: fc.constantFrom<keyof typeof HEADERS>('orders', 'members', 'footfall'),
  english: fc.boolean(),
  rows: fc.array(fc.array(hostileCell, { minLength: 0, maxLength: 7 }), { maxLength: 25 }),
  delimiter: fc.constantFrom(',', '\t', ';', '|'),
  quoteAll: fc.boolean(),
  crlf: fc.boolean(),
  encoding: fc.constantFrom('utf-8', 'utf-8-bom', 'utf-16le', 'latin1'),
  junk: fc.array(fc.record({ at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 6 }) }), { maxLength: 3 }),
  gzip: fc.boolean(),
  name: fc.constantFrom('orders.csv', '会员.txt', 'data.tsv', 'x', 'export.csv.gz'),
});

type Table = typeof table extends fc.Arbitrary<infer T> ? T : never;

function render(t: Table): Uint8Array {
  const q = (c: string) => (t.quoteAll || /[",;|\t\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
  const header = HEADERS[t.kind][t.english ? 1 : 0];
  const lines = [header.map(q), ...t.rows.map((r) => r.map(q))].map((cells) => cells.join(t.delimiter));
  const text = lines.join(t.crlf ? '\r\n' : '\n') + '\n';
  let bytes: Uint8Array =
    t.encoding === 'utf-16le'
      ? new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')])
      : t.encoding === 'latin1'
        ? new Uint8Array(Buffer.from(text, 'latin1'))
        : new Uint8Array([...(t.encoding === 'utf-8-bom' ? [0xef, 0xbb, 0xbf] : []), ...new TextEncoder().encode(text)]);
  for (const j of t.junk) {
    const at = bytes.length ? j.at % bytes.length : 0;
    bytes = new Uint8Array([...bytes.subarray(0, at), ...j.bytes, ...bytes.subarray(at)]);
  }
  return t.gzip ? new Uint8Array(gzipSync(bytes)) : bytes;
}

function bounded<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const hang = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${BOUND_MS} ms`)), BOUND_MS)));
  return Promise.race([work, hang]).finally(() => clearTimeout(timer));
}

let engine: Engine;
let close: () => void;
beforeAll(async () => {
  const driver = await openNativeDriver();
  close = driver.close;
  engine = await createEngine(driver);
});
afterAll(() => close?.());

describe('import fuzz', () => {
  it('every random file loads with rows read = loaded + rejected, or fails naming the file', async () => {
    const seen = { failed: 0, loaded: 0, rowsLoaded: 0, rowsRejected: 0 };
    await fc.assert(
      fc.asyncProperty(table, async (t) => {
        const name = t.name;
        let result;
        try {
          result = await bounded(importFile({ name, bytes: render(t) }), name);
        } catch (e) {
          // The only acceptable failure: a file-level ImportError whose message starts with the file name.
          expect(isImportError(e), String(e)).toBe(true);
          expect((e as Error).message.startsWith(`${name}: `)).toBe(true);
          seen.failed++;
          return;
        }
        const r = result.report;
        expect(r.rowsRead).toBe(r.rowsLoaded + r.rowsRejected);
        expect(r.rejected).toHaveLength(r.rowsRejected);
        for (const x of r.rejected) expect(x.file).toBe(name);
        // What the importer accepted, DuckDB loads with the explicit schema (no raw engine error).
        await bounded(engine.loadCsvTable(result.kind, result.csv), `${name} into DuckDB`);
        seen.loaded++;
        seen.rowsLoaded += r.rowsLoaded;
        seen.rowsRejected += r.rowsRejected;
      }),
      { numRuns: 150, seed: 13, endOnFailure: true },
    );
    // The generator reaches every outcome: failed files, loaded rows and rejected rows.
    console.info('fuzz outcomes', seen);
    expect(Math.min(seen.failed, seen.loaded, seen.rowsLoaded, seen.rowsRejected)).toBeGreaterThan(0);
  }, 60_000);

  it('through the service, a failed import keeps the previous data live and saved', async () => {
    const store = memoryStore();
    const service: DatasetApi = createDatasetService(engine, async () => store);
    const good = '订单号,下单时间,会员卡号,门店,实付金额\nG1,2024-01-02 10:00:00,M1,店,10\nG2,2024-01-03 10:00:00,M2,店,20\n';
    const first = await service.importFiles([{ file: new File([good], 'good.csv') }]);
    expect(first.status).toBe('done');
    let failures = 0;
    await fc.assert(
      fc.asyncProperty(table, async (t) => {
        const before = { saved: await readSavedMeta(store), live: await engine.dataset() };
        const out = await bounded(service.importFiles([{ file: new File([render(t) as Uint8Array<ArrayBuffer>], t.name) }]), t.name);
        if (out.status === 'done') {
          expect(out.saveError).toBeUndefined();
          expect((await readSavedMeta(store))?.id).toBe(out.saved?.id);
          return;
        }
        failures++;
        expect(out.status).toBe('failed');
        if (out.status === 'failed') for (const e of out.errors) expect(e.message).toContain(t.name);
        expect(await readSavedMeta(store)).toEqual(before.saved);
        expect(await engine.dataset()).toEqual(before.live);
      }),
      { numRuns: 25, seed: 31, endOnFailure: true },
    );
    expect(failures).toBeGreaterThan(0); // the generator does produce unreadable files
  }, 60_000);
});
