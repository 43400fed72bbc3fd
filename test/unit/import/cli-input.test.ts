// The CLI's input validation (issue 13.6): bad dates, unknown options and folder paths get a
// message that names what is wrong (exit 2 for usage), never a raw SQL or EISDIR error.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const ORDERS = 'test/fixtures/kpi-tiny/orders.csv';

/** Runs the package bin; exit status and stderr. */
function cli(args: string[]): { status: number; stderr: string } {
  try {
    execFileSync('scripts/store-compass.mjs', args, { stdio: 'pipe', encoding: 'utf8' });
    return { status: 0, stderr: '' };
  } catch (e) {
    const err = e as { status: number; stderr: string };
    return { status: err.status, stderr: err.stderr };
  }
}

describe('store-compass input validation', () => {
  it('--from 2025-13-45 is an invalid date (exit 2), not "period is empty"', () => {
    const out = cli(['report', ORDERS, '--from', '2025-13-45', '--to', '2026-01-01']);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/^--from: invalid date "2025-13-45"/);
    expect(cli(['report', ORDERS, '--from', '2024-01-01', '--to', '2024-02-30']).stderr).toMatch(/^--to: invalid date "2024-02-30"/);
  });

  it('fit --calibration-end notadate says invalid date, with no SQL in the message', () => {
    const out = cli(['fit', ORDERS, '--calibration-end', 'notadate']);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/^--calibration-end: invalid date "notadate"/);
    expect(out.stderr).not.toMatch(/SELECT|Conversion Error|Binder/i);
  });

  it('a folder without files names the path (no bare EISDIR); a missing file and a glob that matches nothing name it too', () => {
    // A folder is read as its files (monthly exports, issue 14); test/fixtures holds only folders.
    const dir = cli(['report', 'test/fixtures', '--from', '2024-01-01', '--to', '2024-02-01']);
    expect(dir.status).toBe(1);
    expect(dir.stderr).toContain('test/fixtures: the folder has no files');
    expect(cli(['report', 'test/fixtures/kpi-tiny/nope-*.csv', '--from', '2024-01-01', '--to', '2024-02-01']).stderr).toContain('nope-*.csv: no file matches');
    expect(cli(['report', 'nope.csv', '--from', '2024-01-01', '--to', '2024-02-01']).stderr).toContain('nope.csv: no such file');
  });

  it('an unknown option exits 2 with the usage', () => {
    const out = cli(['report', ORDERS, '--from', '2024-01-01', '--to', '2024-02-01', '--bogus']);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/Unknown option '--bogus'[\s\S]*usage:/);
  });
});
