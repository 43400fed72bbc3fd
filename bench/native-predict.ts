/** Native engine.predict at the value panel's defaults on bench/.data/orders-<size>.csv (one DuckDB thread): wall, CPU and the SQL share. */
import { openNativeDriver } from '../workers/drivers/native.ts';
import { createEngine } from '../workers/engine.ts';
import { loadNativeOrders } from './native-orders.ts';
import { DATA_DIR } from './synthetic-orders.ts';

const size = process.argv[2] ?? '1m';
const driver = await openNativeDriver(':memory:', { readable: [DATA_DIR], threads: 1 });
let sqlMs = 0;
const q = driver.query.bind(driver);
const e = driver.exec.bind(driver);
driver.query = async (s) => {
  const t = performance.now();
  try {
    return await q(s);
  } finally {
    sqlMs += performance.now() - t;
  }
};
driver.exec = async (s) => {
  const t = performance.now();
  try {
    return await e(s);
  } finally {
    sqlMs += performance.now() - t;
  }
};
const engine = await createEngine(driver);
await loadNativeOrders(driver, `${DATA_DIR}/orders-${size}.csv`);
sqlMs = 0;
const c0 = process.cpuUsage();
const t = performance.now();
const r = await engine.predict({ months: 12, monthlyDiscount: 0.01 });
const wall = performance.now() - t;
const c = process.cpuUsage(c0);
console.log(
  JSON.stringify({
    size,
    wallMs: Math.round(wall),
    cpuMs: Math.round((c.user + c.system) / 1000),
    sqlMs: Math.round(sqlMs),
    timings: r.timings,
    status: r.status,
    members: r.fit?.members,
  }),
);
driver.close();
