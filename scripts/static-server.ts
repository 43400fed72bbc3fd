/** A plain static file server bound to 127.0.0.1: `npm start`, the e2e tests and the benchmarks use it. */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * The CSP for the app's scripts, sent with every .js response. Only a worker's own response
 * header governs a worker (the page's meta CSP does not reach the hosted build's engine worker),
 * and a <script>'s header is ignored, so one policy for all .js is safe: scripts and wasm from
 * this origin only, fetches to this origin only (the wasm), no nested workers. Hosts should send
 * the same header (docs/hosting.md); the worker also takes the network away itself.
 */
export const SCRIPT_CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; worker-src 'none'";

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `root` under `prefix` (a sub-path proves the build's relative base). Port 0 = any free port. */
export async function serveStatic(root: string, prefix = '/', port = 0): Promise<StaticServer> {
  const base = normalize(root);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(prefix)) return void res.writeHead(404).end();
    let file = normalize(join(base, path.slice(prefix.length)));
    if (!file.startsWith(base)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end();
    const headers: Record<string, string> = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' };
    if (extname(file) === '.js') headers['content-security-policy'] = SCRIPT_CSP;
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${bound}${prefix}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
