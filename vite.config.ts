/// <reference types="vitest/config" />
/**
 * Two builds from one config:
 *  - default → dist/: static files with a relative base, for any web server or sub-path;
 *  - `--mode portable` → dist-portable/index.html: one self-contained file that opens from
 *    file:// (USB stick): inlined classic worker, wasm embedded as brotli+base64.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';
import SlowFirstSequencer from './test/slow-first-sequencer.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Brotli at maximum quality takes about a minute for the 34 MB wasm, so the result is cached
 * under node_modules/.cache, keyed by the duckdb-wasm version.
 */
function compressedWasm(): Buffer {
  const { version } = JSON.parse(readFileSync(here('node_modules/@duckdb/duckdb-wasm/package.json'), 'utf8')) as { version: string };
  const cacheDir = here('node_modules/.cache/store-compass');
  const cached = `${cacheDir}/duckdb-eh-${version}.wasm.br`;
  if (existsSync(cached)) return readFileSync(cached);
  const wasm = readFileSync(here('node_modules/@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
  const params = { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_LGWIN]: 24, [zlib.BROTLI_PARAM_SIZE_HINT]: wasm.length };
  const compressed = brotliCompressSync(wasm, { params });
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cached, compressed);
  return compressed;
}

/** Serves `virtual:duckdb-wasm-brotli-base64`: Vite's own ?inline on .wasm fails inside a worker build. */
function duckdbWasmBrotliBase64(): Plugin {
  const id = 'virtual:duckdb-wasm-brotli-base64';
  return {
    name: 'duckdb-wasm-brotli-base64',
    resolveId: (source) => (source === id ? `\0${id}` : null),
    load(resolved) {
      if (resolved !== `\0${id}`) return null;
      return `export default ${JSON.stringify(compressedWasm().toString('base64'))};`;
    },
  };
}

/**
 * The page's CSP allows no inline script: every inline <script> left in the built HTML (the
 * portable file's whole app, with the worker inside it) gets its sha256 added to script-src.
 * Runs after vite-plugin-singlefile has inlined everything, on the final HTML text.
 */
function cspScriptHashes(): Plugin {
  return {
    name: 'csp-script-hashes',
    enforce: 'post',
    generateBundle: {
      order: 'post', // after vite-plugin-singlefile's own generateBundle has inlined the scripts
      handler(_, bundle) {
        for (const asset of Object.values(bundle)) {
          if (asset.type !== 'asset' || !asset.fileName.endsWith('.html')) continue;
          const html = String(asset.source);
          const hashes = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
            ([, body]) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`,
          );
          if (hashes.length === 0) continue;
          const marker = "script-src 'self'";
          if (!html.includes(marker)) this.error(`${asset.fileName}: no "${marker}" in the CSP to add inline script hashes to`);
          asset.source = html.replace(marker, `${marker} ${[...new Set(hashes)].join(' ')}`);
        }
      },
    },
  };
}

/**
 * Hosted build only: emits sw.js = src/lib/offline/service-worker.js prefixed with the build's
 * file list and a version hashed from the files' contents, so every deploy that changes a byte
 * is a new service worker (which the page offers, never forces).
 */
function serviceWorker(): Plugin {
  return {
    name: 'service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_, bundle) {
      const files = Object.keys(bundle).sort();
      const hash = createHash('sha256');
      for (const name of files) {
        const item = bundle[name];
        hash.update(name).update(item.type === 'asset' ? item.source : item.code);
      }
      const version = hash.digest('hex').slice(0, 16);
      const assets = ['./', ...files.map((f) => `./${f}`)];
      const body = readFileSync(here('src/lib/offline/service-worker.js'), 'utf8');
      const source = `const VERSION = ${JSON.stringify(version)};\nconst ASSETS = ${JSON.stringify(assets)};\n${body}`;
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

export default defineConfig(({ mode }) => {
  const portable = mode === 'portable';
  const alias = {
    // The blocking bindings run DuckDB inside our own worker; the package does not export them.
    'duckdb-blocking': here('node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs'),
    '#engine-worker': here(portable ? 'src/lib/engine/worker-portable.ts' : 'src/lib/engine/worker-hosted.ts'),
    '#duckdb-wasm-source': here(portable ? 'workers/wasm-source-portable.ts' : 'workers/wasm-source-hosted.ts'),
  };
  return {
    base: './',
    plugins: [svelte(), ...(portable ? [viteSingleFile({ removeViteModuleLoader: true })] : [serviceWorker()]), cspScriptHashes()],
    resolve: { alias },
    worker: {
      // Classic workers: module workers from blob URLs fail silently on file://.
      format: 'iife',
      plugins: () => [duckdbWasmBrotliBase64()],
    },
    build: {
      outDir: portable ? 'dist-portable' : 'dist',
      target: 'es2022',
      chunkSizeWarningLimit: 12_000,
      assetsInlineLimit: portable ? Number.MAX_SAFE_INTEGER : 4096,
      reportCompressedSize: false,
    },
    optimizeDeps: { include: ['comlink', 'apache-arrow'], exclude: ['@duckdb/duckdb-wasm'] },
    server: { host: '127.0.0.1' },
    preview: { host: '127.0.0.1' },
    test: {
      // In CI every run also writes a JSON summary that .ci/run totals into "N passed, N failed".
      reporters: process.env.CI ? ['default', 'json'] : ['default'],
      outputFile: { json: `test-results/vitest-${Date.now()}.json` },
      sequence: { sequencer: SlowFirstSequencer },
      projects: [
        {
          extends: true,
          // Two files at a time (Vitest's default on 2 cores is one): most unit time is Node + native DuckDB work per file.
          test: {
            name: 'unit',
            include: ['test/unit/**/*.test.ts'],
            environment: 'node',
            // The two workers run file after file (no fresh process and module graph per file): with
            // isolation, importing the engine, the catalogue and DuckDB again for each of ~150 files
            // left the lanes ~40% idle through the small files (session 9, bench/results.md).
            isolate: false,
            testTimeout: 60_000,
            hookTimeout: 120_000,
            fileParallelism: true,
            maxWorkers: 2,
          },
        },
        {
          extends: true,
          test: {
            name: 'e2e',
            include: ['test/e2e/**/*.test.ts'],
            environment: 'node',
            // Files follow each other in the two workers, as in the unit project (each opens and closes its own browser).
            isolate: false,
            testTimeout: 180_000,
            hookTimeout: 300_000,
            // Two files at a time: a file mostly waits on its own tab's worker, so two share the
            // machine's cores (measured under load: 1,146 s one at a time, 890 s two at a time).
            fileParallelism: true,
            maxWorkers: 2,
          },
        },
      ],
    },
  };
});
