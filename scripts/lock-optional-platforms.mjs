#!/usr/bin/env node
// Fills in package-lock.json entries for platform-specific optional packages (other OS/CPU builds
// of @duckdb/node-bindings and rolldown's bindings) that npm leaves out when the registry it runs
// against cannot serve them (npm/cli#4828). Without them `npm ci` refuses the lockfile
// ("Missing: … from lock file"); with them it skips the builds that are not for this machine.
// Run after `npm install` changes the lockfile: `node scripts/lock-optional-platforms.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const meta of Object.values({ ...packages })) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (packages[key]) continue;
    packages[key] = { version, optional: true, ...(meta.dev ? { dev: true } : {}) };
    added++;
  }
}
const ordered = Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0));
lock.packages = Object.fromEntries(ordered);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} optional platform entr${added === 1 ? 'y' : 'ies'} added`);
