// A native driver whose next statement, once armed, holds until the engine interrupts it (or the test lets
// it run): a long statement, made deterministic. Shared by the engine's prefetch tests.
import type { NativeDriver } from '../../../workers/drivers/native.ts';

export interface HeldStatements {
  /**
   * Holds the next statement; resolves once it is running. `release` receives a function that lets it run
   * to its end; without it the statement only ends when the engine interrupts it.
   */
  holdNext(release?: (go: () => void) => void): Promise<void>;
  /** Statements run so far. */
  queries(): number;
  /** Held statements the engine interrupted. */
  interrupts(): number;
}

export function holdStatements(driver: NativeDriver): HeldStatements {
  const query = driver.query.bind(driver);
  const interrupt = driver.interrupt.bind(driver);
  let armed: { entered: () => void; release?: (go: () => void) => void } | null = null;
  let interrupted: (() => void) | null = null;
  let queries = 0;
  let interrupts = 0;
  driver.query = (stmt) => {
    queries++;
    if (!armed) return query(stmt);
    const held = armed;
    armed = null;
    return new Promise((resolve, reject) => {
      interrupted = () => reject(new Error('INTERRUPT Error: Interrupted!'));
      held.release?.(() => {
        interrupted = null;
        resolve(query(stmt));
      });
      held.entered();
    });
  };
  driver.interrupt = () => {
    if (!interrupted) return interrupt();
    interrupts++;
    interrupted();
    interrupted = null;
  };
  return {
    holdNext: (release) => new Promise<void>((entered) => (armed = { entered, release })),
    queries: () => queries,
    interrupts: () => interrupts,
  };
}
