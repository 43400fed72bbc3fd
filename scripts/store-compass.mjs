#!/usr/bin/env node
// The `store-compass` command: runs the TypeScript sources directly through tsx.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('./cli/main.ts');
await run(process.argv.slice(2));
