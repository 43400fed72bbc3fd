// The native driver locks DuckDB after start: no network paths, no extension loading, no files
// outside the driver's own scratch directory, and no SET can undo it. Registered text still reads.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNativeDriver } from '../../../workers/drivers/native.ts';

let driver: Awaited<ReturnType<typeof openNativeDriver>>;
let outside: string;
beforeAll(async () => {
  driver = await openNativeDriver();
  outside = mkdtempSync(join(tmpdir(), 'lock-outside-'));
  writeFileSync(join(outside, 'x.csv'), 'a\n1\n');
});
afterAll(() => {
  driver.close();
  rmSync(outside, { recursive: true, force: true });
});

const fails = (text: string) => expect(driver.exec(text)).rejects.toThrow();

describe('native driver configuration lock', () => {
  it('still reads text it registered itself (the import path)', async () => {
    const path = await driver.registerText('t.csv', 'a,b\n1,2\n');
    await expect(driver.exec(`CREATE TABLE t AS SELECT * FROM read_csv('${path}')`)).resolves.toBeUndefined();
  });
  it('refuses a file outside its scratch directory', () => fails(`SELECT * FROM read_csv('${join(outside, 'x.csv')}')`));
  it('refuses http:// and s3:// paths', async () => {
    await fails(`SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')`);
    await fails(`SELECT * FROM read_csv('s3://bucket/x.csv')`);
  });
  it('refuses LOAD and INSTALL', async () => {
    await fails('LOAD httpfs');
    await fails('INSTALL httpfs');
  });
  it('refuses to change the locked settings back', async () => {
    await fails('SET enable_external_access = true');
    await fails('SET autoload_known_extensions = true');
    await fails('SET lock_configuration = false');
    await fails(`SET allowed_directories = ['/']`);
  });
});
