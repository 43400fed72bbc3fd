// One contract between page and worker (issue 11): nothing in src/ imports workers/ except the
// `?worker` entries, so every type that crosses the boundary lives on the page side (src/lib/engine,
// src/lib/models, src/lib/import) and the worker imports it, never the other way round.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|svelte)$/.test(n) ? [p] : [];
  });
}

it('src/ imports nothing from workers/ but the worker entries', () => {
  const offenders: string[] = [];
  for (const f of files('src')) {
    for (const m of readFileSync(f, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']*workers\/[^']*)'/g)) {
      // The worker entries: the engine worker and the fit worker (session 10), hosted or inlined.
      if (!/\/workers\/(engine\.worker|fit-worker)\.ts\?worker(&inline)?$/.test(m[1])) offenders.push(`${f}: ${m[1]}`);
    }
  }
  expect(offenders).toEqual([]);
});
