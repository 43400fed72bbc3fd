/** Wraps engine results so Arrow IPC buffers are transferred (not copied) to the page. */
import * as Comlink from 'comlink';
import type { EngineApi } from '../src/lib/engine/api.ts';

const transfer = <T extends Uint8Array>(bytes: T): T => Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);

export function transferableEngine(engine: EngineApi): EngineApi {
  return {
    ...engine,
    runMetric: async (...args) => transfer(await engine.runMetric(...args)),
    query: async (...args) => transfer(await engine.query(...args)),
    runMetrics: async (...args) => {
      const results = await engine.runMetrics(...args);
      return Comlink.transfer(
        results,
        Object.values(results).map((b) => b.buffer as ArrayBuffer),
      );
    },
    memberList: async (...args) => transfer(await engine.memberList(...args)),
    predict: async (...args) => {
      const result = await engine.predict(...args);
      return result.predictions ? Comlink.transfer(result, [result.predictions.buffer as ArrayBuffer]) : result;
    },
  };
}
