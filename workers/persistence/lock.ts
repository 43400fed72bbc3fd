/**
 * One lock for the saved dataset across every tab of the origin: the Web Locks API where the
 * platform has it (browsers, in workers too), else an in-process queue (Node tests and the CLI,
 * where one process is the only writer). Saves take it exclusively, restores shared.
 */

export type LockMode = 'exclusive' | 'shared';
export type Locker = <T>(mode: LockMode, work: () => Promise<T>) => Promise<T>;

export const DATASET_LOCK = 'store-compass-dataset';

interface LockManagerLike {
  request<T>(name: string, options: { mode: LockMode }, work: () => Promise<T>): Promise<T>;
}

const webLocks = (): LockManagerLike | undefined => (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;

/** A readers/writer queue inside one process (the fallback where Web Locks are absent). */
export function inProcessLocker(): Locker {
  let tail: Promise<unknown> = Promise.resolve();
  let readers: Promise<unknown>[] = [];
  return <T>(mode: LockMode, work: () => Promise<T>): Promise<T> => {
    if (mode === 'shared') {
      const run = tail.then(work);
      readers.push(run.catch(() => undefined));
      return run;
    }
    const before = [tail, ...readers];
    readers = [];
    const run = Promise.all(before).then(work);
    tail = run.catch(() => undefined);
    return run;
  };
}

const fallback = inProcessLocker();

/** The origin-wide dataset lock (Web Locks), or the in-process one where the API is absent. */
export const datasetLock: Locker = async (mode, work) => {
  const locks = webLocks();
  if (!locks) return fallback(mode, work);
  let started = false;
  try {
    return await locks.request(DATASET_LOCK, { mode }, () => ((started = true), work()));
  } catch (e) {
    if (started) throw e;
    // Web Locks refused (e.g. an opaque file:// origin): at least this tab's saves stay serialised.
    return fallback(mode, work);
  }
};

/** No lock at all: tests use it to show the file protocol alone never loses a completed save. */
export const noLock: Locker = (_mode, work) => work();
