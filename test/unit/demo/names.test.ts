// Demo members carry names (the call list needs them), drawn without touching the demo's random
// stream: every other demo number is unchanged (the determinism and story tests pin them).
import { describe, expect, it } from 'vitest';
import { demoName } from '../../../workers/demo/members.ts';
import { generateDemo } from '../../../workers/demo/generate.ts';

describe('demo names', () => {
  it('every member has a plausible Chinese name: a surname and one or two given characters', () => {
    const demo = generateDemo();
    const lines = demo.tables.members.trim().split('\n');
    const header = lines[0].split(',');
    const at = header.indexOf('name');
    expect(at).toBe(header.length - 1);
    const names = lines.slice(1).map((l) => l.split(',')[at]);
    expect(names.every((n) => /^[\u4e00-\u9fff]{2,3}$/.test(n))).toBe(true);
    expect(new Set(names).size).toBeGreaterThan(1000);
  });
  it('a name depends only on the member index', () => {
    expect(demoName(0)).toBe(demoName(0));
    expect(demoName(1)).not.toBe(demoName(0));
  });
});
