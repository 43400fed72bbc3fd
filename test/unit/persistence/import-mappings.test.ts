// Remembered mappings: keyed by the sorted headers + kind, applied to files with the same headers.
import { expect, it } from 'vitest';
import { headersHash, recallKind, recallMapping, rememberMapping, type KeyValueStorage } from '../../../src/lib/import/mappings.ts';

function mapStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

it('same headers in another order share a key; different headers do not', () => {
  expect(headersHash(['单号', '日期', '金额'])).toBe(headersHash(['金额', '单号', '日期']));
  expect(headersHash(['单号', '日期', '金额'])).not.toBe(headersHash(['单号', '日期', '实付']));
});

it('a confirmed mapping comes back for a file with the same headers, per kind', () => {
  const s = mapStorage();
  const headers = ['单号', '日期', '金额', '卡'];
  rememberMapping(headers, 'orders', { order_id: '单号', order_time: '日期', amount: '金额', member_id: '卡' }, s);
  expect(recallKind(['卡', '金额', '日期', '单号'], s)).toBe('orders');
  expect(recallMapping(['卡', '金额', '日期', '单号'], 'orders', s)).toEqual({ order_id: '单号', order_time: '日期', amount: '金额', member_id: '卡' });
  expect(recallMapping(headers, 'members', s)).toBeNull();
  expect(recallMapping(['x'], 'orders', s)).toBeNull();
});

it('without storage nothing is remembered and nothing throws', () => {
  rememberMapping(['a'], 'orders', { order_id: 'a' }, null);
  expect(recallMapping(['a'], 'orders', null)).toBeNull();
  expect(recallKind(['a'], null)).toBeNull();
});
