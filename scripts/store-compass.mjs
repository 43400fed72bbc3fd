#!/usr/bin/env node
// The `store-compass` command: the TypeScript sources bundled once by esbuild and cached until a source changes
// (scripts/cli/cli-bundle.mjs; ~2 s less CPU per start than tsx), or run directly through tsx when no bundle can be had
// (or STORE_COMPASS_NO_BUNDLE=1).
import { bundledMain } from './cli/cli-bundle.mjs';

const bundled = await bundledMain();
let main;
if (bundled) main = await import(bundled);
else {
  const { register } = await import('tsx/esm/api');
  register();
  main = await import('./cli/main.ts');
}
await main.run(process.argv.slice(2));
