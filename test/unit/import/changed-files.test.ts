import { describe, expect, it } from 'vitest';
import { changedFileIds } from '../../../src/lib/import/changed-files.ts';

describe('changedFileIds: the cards a failed import takes off the list', () => {
  it('takes only the changed file when two chosen files share its name', () => {
    const errors = [{ file: 'orders.csv', message: 'orders.csv: changed', code: 'changed', fileIndex: 1 }];
    expect([...changedFileIds([7, 9, 12], errors)]).toEqual([9]);
  });

  it('keeps files that failed for another reason, and errors without a position', () => {
    const errors = [
      { file: 'a.csv', message: 'a.csv: no columns', code: 'no_columns', fileIndex: 0 },
      { file: 'b.csv', message: 'b.csv: changed', code: 'changed' },
      { file: 'c.csv', message: 'c.csv: changed', code: 'changed', fileIndex: 2 },
    ];
    expect([...changedFileIds([1, 2, 3], errors)]).toEqual([3]);
  });
});
