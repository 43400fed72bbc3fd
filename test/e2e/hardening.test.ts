// Issue 13 point 7: no inline script runs under the page's CSP; the engine worker cannot reach
// the network (its own CSP header and its network APIs taken away); DuckDB's configuration is
// locked after start, so http paths, LOAD and SET fail even when a query is sent by hand.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createServer, type Server } from 'node:http';
import type { Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCRIPT_CSP } from '../../scripts/static-server.ts';
import { DIST_DIR, openBrowser, openHostedApp, readTiles, type HostedApp } from './harness.ts';

let app: HostedApp;
let bait: Server;
let baitPort = 0;
const baitHits: string[] = [];
let worker: Worker;

beforeAll(async () => {
  // A second local server on another port: nothing the app does may ever reach it.
  bait = createServer((req, res) => {
    baitHits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'text/csv', 'access-control-allow-origin': '*' }).end('a,b\n1,2\n');
  });
  await new Promise<void>((resolve) => bait.listen(0, '127.0.0.1', resolve));
  baitPort = (bait.address() as { port: number }).port;
  app = await openHostedApp();
  await readTiles(app.page);
  worker = app.page.workers().find((w) => w.url().includes('engine.worker'))!; // the fit worker is the other one
});

afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => bait.close(resolve));
});

/** Sends one engine call by hand, as comlink does, from inside the worker; resolves to the reply's error text or 'ok'. */
function engineCallInWorker(method: string, args: unknown[]): Promise<string> {
  return worker.evaluate(
    ([method, args]) =>
      new Promise<string>((resolve) => {
        const id = `by-hand-${Math.random()}`;
        const scope = self as unknown as { postMessage: (m: unknown) => void };
        const post = scope.postMessage.bind(self);
        scope.postMessage = (m: unknown) => {
          const reply = m as { id?: string; type?: string; value?: { value?: { message?: string } } };
          if (reply?.id !== id) return post(m);
          scope.postMessage = post;
          resolve(reply.type === 'HANDLER' ? String(reply.value?.value?.message) : 'ok');
        };
        const argumentList = (args as unknown[]).map((value) => ({ type: 'RAW', value }));
        self.dispatchEvent(new MessageEvent('message', { data: { id, type: 'APPLY', path: [method], argumentList } }));
      }),
    [method, args] as const,
  );
}

/** Injects an <img onerror> and an inline <script>; returns whether either ran. */
async function injectInlineHandlers(page: HostedApp['page']): Promise<string[]> {
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.setAttribute('onerror', 'window.__pwned = 1');
    img.src = 'data:image/png;base64,broken';
    document.body.append(img);
    const script = document.createElement('script');
    script.textContent = 'window.__pwned2 = 1';
    document.body.append(script);
  });
  await page.waitForTimeout(500);
  return page.evaluate(() => [typeof (window as never as Record<string, unknown>).__pwned, typeof (window as never as Record<string, unknown>).__pwned2]);
}

describe('page CSP', () => {
  it('the built page allows no inline script', () => {
    const html = readFileSync(`${DIST_DIR}/index.html`, 'utf8');
    const scriptSrc = /script-src ([^;"]*)/.exec(html)?.[1] ?? '';
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(scriptSrc).not.toContain('blob:');
  });

  it('an injected inline onerror handler and an injected inline script do not run', async () => {
    expect(await injectInlineHandlers(app.page)).toEqual(['undefined', 'undefined']);
  });

  it('the portable file (inline app and worker, allowed by hash) starts, and injected inline code does not run', async () => {
    const file = resolve('dist-portable/index.html');
    if (!existsSync(file)) throw new Error('dist-portable/index.html is missing: run `npx vite build --mode portable` first');
    const scriptSrc = /script-src ([^;"]*)/.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(scriptSrc).toMatch(/'sha256-[A-Za-z0-9+/]+=*'/);
    const session = await openBrowser('file://');
    try {
      await session.page.goto(pathToFileURL(file).href);
      expect(Object.keys(await readTiles(session.page)).length).toBeGreaterThan(0); // the hashed app script and its blob: worker ran
      expect(await injectInlineHandlers(session.page)).toEqual(['undefined', 'undefined']);
      expect(session.foreignRequests).toEqual([]);
    } finally {
      await session.close();
    }
  });
});

/** Every way out of worker `w` to `target` is refused. */
async function expectNoNetwork(w: Worker, target: string): Promise<void> {
  const outcomes = await w.evaluate(async (url) => {
    const attempt = async (f: () => unknown) => {
      try {
        await f();
        return 'reached';
      } catch (e) {
        return `blocked: ${String(e)}`;
      }
    };
    const scope = self as unknown as Record<string, (...a: unknown[]) => unknown>;
    return {
      fetch: await attempt(() => fetch(url)),
      xhr: await attempt(() => {
        const x = new XMLHttpRequest();
        x.open('GET', url, false);
        x.send();
      }),
      webSocket: await attempt(() => new WebSocket(url.replace('http', 'ws'))),
      eventSource: await attempt(() => new EventSource(url)),
      importScripts: await attempt(() => scope.importScripts(url)),
      restoreFetch: await attempt(() => {
        Object.defineProperty(self, 'fetch', { value: () => 'replaced' });
      }),
    };
  }, target);
  for (const [api, outcome] of Object.entries(outcomes)) expect(outcome, `${w.url()}: ${api}`).toMatch(/^blocked/);
}

describe('engine worker network', () => {
  it('the worker script is served with its own CSP', async () => {
    const res = await fetch(worker.url());
    expect(res.headers.get('content-security-policy')).toBe(SCRIPT_CSP);
  });

  it('fetch, XHR, WebSocket, EventSource and importScripts inside the worker do not reach a second local server', async () => {
    const target = `http://127.0.0.1:${baitPort}/x.csv`;
    // Both workers: the engine worker and the fit worker (session 10) take the network away the same way.
    const fitWorker = app.page.workers().find((w) => w.url().includes('fit-worker'));
    expect(fitWorker).toBeDefined();
    for (const w of [worker, fitWorker!]) await expectNoNetwork(w, target);
    await app.page.waitForTimeout(300);
    expect(baitHits).toEqual([]);
  });
  it("DuckDB's own http reader (read_csv of an http:// URL) does not reach a second local server", async () => {
    const error = await engineCallInWorker('query', [{ text: `SELECT * FROM read_csv('http://127.0.0.1:${baitPort}/x.csv')`, params: [] }]);
    expect(error).not.toBe('ok');
    const s3 = await engineCallInWorker('query', [{ text: `SELECT * FROM read_csv('s3://bucket/x.csv')`, params: [] }]);
    expect(s3).not.toBe('ok');
    expect(baitHits).toEqual([]);
  });

  it('LOAD and SET fail after start (configuration locked); INSTALL reaches nothing', async () => {
    // DuckDB-WASM's INSTALL only records the extension (a no-op here); it is LOAD that would fetch.
    await engineCallInWorker('query', [{ text: 'INSTALL httpfs', params: [] }]);
    for (const text of ['LOAD httpfs', 'SET enable_external_access = true', 'SET autoload_known_extensions = true', 'SET lock_configuration = false']) {
      expect(await engineCallInWorker('query', [{ text, params: [] }]), text).not.toBe('ok');
    }
    expect(app.foreignRequests).toEqual([]);
    // The same channel does work for a harmless query, so the refusals above are the lock's.
    expect(await engineCallInWorker('query', [{ text: 'SELECT 1 AS one', params: [] }])).toBe('ok');
  });
});
