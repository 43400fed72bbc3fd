/** `npm start`: serves the built dashboard (dist/) on 127.0.0.1 and prints its URL. */
import { serveStatic } from './static-server.ts';

const preferred = Number(process.env.PORT ?? 4173);
const server = await serveStatic('dist', '/', preferred).catch(() => serveStatic('dist', '/', 0));
console.log(`\n  店铺分析罗盘 Store Compass (示例数据 / demo data) → ${server.url}\n  Ctrl+C to stop.\n`);
