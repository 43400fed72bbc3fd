/**
 * The real public datasets live beside the repository in ../shared/data (never copied in).
 * A missing file fails the test loudly instead of skipping it, so CI cannot pass on nothing.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SHARED_DATA = fileURLToPath(new URL('../../shared/data/', import.meta.url));

/** Absolute path of a file under shared/data; throws when it is not there. */
export function sharedFile(relative: string): string {
  const path = `${SHARED_DATA}${relative}`;
  if (!existsSync(path)) throw new Error(`missing ${path}: the shared datasets must sit beside the repository (../shared/data)`);
  return path;
}
