// `npm ci` (CI and the README's quick start) refuses a lockfile that lacks any optional platform
// package a locked package declares; npm drops them when the registry cannot serve them.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('package-lock.json has an entry for every optional dependency it declares (run scripts/lock-optional-platforms.mjs)', () => {
  const { packages } = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { optionalDependencies?: Record<string, string> }> };
  const missing = Object.values(packages).flatMap((meta) => Object.keys(meta.optionalDependencies ?? {}).filter((name) => !packages[`node_modules/${name}`]));
  expect(missing).toEqual([]);
});
