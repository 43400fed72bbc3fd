// The OPFS store reads a file again when a save replaced it mid-read. In Chromium a File taken from a
// handle before createWritable's swap throws NotReadableError when read (checked in a real Chromium:
// getFile → createWritable + close → file.text() rejects), which is what the import page hit when it
// showed the saved copy's details while the background save was writing the pointer.
import { describe, expect, it } from 'vitest';
import { opfsStoreIn } from '../../../workers/persistence/opfs-store.ts';

/** A folder of one file whose File snapshots go stale `staleReads` times before one reads. */
function folder(content: string, staleReads: number) {
  let getFiles = 0;
  const dir = {
    async getFileHandle(key: string) {
      if (key !== 'pointer') throw new DOMException('no such file', 'NotFoundError');
      return {
        async getFile() {
          const stale = getFiles++ < staleReads;
          return {
            async arrayBuffer() {
              if (stale) throw new DOMException('The requested file could not be read', 'NotReadableError');
              return new TextEncoder().encode(content).buffer;
            },
          };
        },
      };
    },
  };
  return { dir: dir as unknown as FileSystemDirectoryHandle, getFiles: () => getFiles };
}

describe('opfsStoreIn().get', () => {
  it('reads a file replaced mid-read from a fresh handle instead of failing', async () => {
    const { dir, getFiles } = folder('{"id":"b"}', 2);
    const bytes = await opfsStoreIn(dir).get('pointer');
    expect(new TextDecoder().decode(bytes!)).toBe('{"id":"b"}');
    expect(getFiles()).toBe(3); // two stale snapshots, then the new file
  });

  it('gives up after a bounded number of attempts and reports the error as it is', async () => {
    const { dir, getFiles } = folder('x', Infinity);
    await expect(opfsStoreIn(dir).get('pointer')).rejects.toMatchObject({ name: 'NotReadableError' });
    expect(getFiles()).toBe(5);
  });

  it('a missing file is null, not an error', async () => {
    expect(await opfsStoreIn(folder('x', 0).dir).get('other')).toBeNull();
  });
});
