// `store-compass fit`'s worker thread from the TypeScript sources (scripts/cli/fit.ts fitInThread, when fit.ts itself
// runs from the sources: tests, tsx): the body is scripts/cli/fit-thread.ts, run through tsx as in scripts/store-compass.mjs.
// The command's bundle (scripts/cli/cli-bundle.mjs) has its own fit-worker.mjs beside its main.mjs, with no tsx.
import { register } from 'tsx/esm/api';

register();
await import('./fit-thread.ts');
