// The `store-compass` command's TypeScript as one prebuilt ES module (session 15, issue 14: `store-compass fit` ≤ 2×
// native). Running the sources through tsx costs ~2 s CPU at every start (its loader transforms and resolves ~150
// modules, and the fit's worker thread registers it again); esbuild bundles them once in ~0.1 s and the bundle then
// loads in ~0.5 s. The bundle is kept in node_modules/.cache (ignored by git, ESLint and Prettier; packages resolve
// from there) under a key of the checkout's folder, and is used only while every source it was built from has the
// same content (a SHA-1 of the bytes of each, checked at every start in a few ms): an edited source rebuilds it,
// so the command never runs stale code. Two entries: main.mjs (scripts/cli/main.ts) and fit-worker.mjs
// (scripts/cli/fit-thread.ts), side by side, so fit.ts's `new URL('./fit-worker.mjs', import.meta.url)` finds the
// bundled worker from the bundle and scripts/cli/fit-worker.mjs (tsx) from the sources.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The checkout's root folder (this file is scripts/cli/cli-bundle.mjs). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The bundle's entries: output name (without .mjs) → source, relative to the root. */
export const ENTRIES = { main: 'scripts/cli/main.ts', 'fit-worker': 'scripts/cli/fit-thread.ts' };

/** Build folders older than this are removed when a new bundle is built (a running command may still load its worker from its folder). */
const KEEP_OLD_MS = 24 * 3600 * 1000;

const sha1 = (bytes) => createHash('sha1').update(bytes).digest('hex');

/** Where this checkout's bundles live. */
export function cacheRoot(root = REPO_ROOT) {
  return join(root, 'node_modules', '.cache', 'store-compass-cli', sha1(root).slice(0, 12));
}

/** Hash of every input's bytes (null when one is gone): the bundle is current while this is what it was built from. */
function inputsHash(root, inputs) {
  const h = createHash('sha1');
  for (const file of inputs) {
    let bytes;
    try {
      bytes = readFileSync(join(root, file));
    } catch {
      return null;
    }
    h.update(file).update('\0').update(sha1(bytes)).update('\0');
  }
  return h.digest('hex');
}

/** The bundle's main.mjs when it is current for these sources, else null. */
export function currentBundle(root = REPO_ROOT) {
  const base = cacheRoot(root);
  try {
    const manifest = JSON.parse(readFileSync(join(base, 'current.json'), 'utf8'));
    const main = join(base, manifest.dir, 'main.mjs');
    if (manifest.builder !== sha1(readFileSync(fileURLToPath(import.meta.url)))) return null;
    if (inputsHash(root, manifest.inputs) !== manifest.hash || !existsSync(main) || !existsSync(join(base, manifest.dir, 'fit-worker.mjs'))) return null;
    return main;
  } catch {
    return null;
  }
}

/**
 * Bundles the entries (esbuild, the version tsx itself runs on) into a new folder and points current.json at it (written
 * whole, then renamed: a command starting meanwhile reads the old or the new one, never half of one). Returns its main.mjs.
 */
export async function buildBundle(root = REPO_ROOT) {
  const esbuild = await import('esbuild');
  const base = cacheRoot(root);
  mkdirSync(base, { recursive: true });
  const dir = `b-${Date.now()}-${randomBytes(4).toString('hex')}`;
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: Object.entries(ENTRIES).map(([out, src]) => ({ in: src, out })),
    outdir: join(base, dir),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs).sort();
  const manifest = { dir, inputs, hash: inputsHash(root, inputs), builder: sha1(readFileSync(fileURLToPath(import.meta.url))) };
  const temp = join(base, `current-${randomBytes(4).toString('hex')}.json`);
  writeFileSync(temp, JSON.stringify(manifest));
  renameSync(temp, join(base, 'current.json'));
  for (const old of readdirSync(base))
    if (old.startsWith('b-') && old !== dir && Date.now() - statSync(join(base, old)).mtimeMs > KEEP_OLD_MS) rmSync(join(base, old), { recursive: true, force: true });
  return join(base, dir, 'main.mjs');
}

/** The command's main module: the current bundle, built first when there is none; null when it cannot be had (then run through tsx). */
export async function bundledMain(root = REPO_ROOT) {
  if (process.env.STORE_COMPASS_NO_BUNDLE) return null;
  try {
    const main = currentBundle(root) ?? (await buildBundle(root));
    return pathToFileURL(main).href;
  } catch {
    return null;
  }
}
