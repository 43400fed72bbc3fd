// `store-compass report` carries the benefits/campaigns metrics and the campaign effects computed by the same
// code as the browser panel (answers in test/fixtures/metrics-benefits/README.md).
import { expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main.ts';
import type { CampaignSummary } from '../../../src/lib/campaigns/report.ts';

const FILES = ['members', 'orders', 'benefits', 'campaigns'].map((t) => `test/fixtures/metrics-benefits/${t}.csv`);

it('report: campaign_response in metrics, campaign_effects ranked with C1 at 100 × margin ÷ 27 per ¥', async () => {
  const out = (await main(['report', ...FILES, '--from', '2024-03-01', '--to', '2024-04-01', '--margin', '0.5'])) as {
    metrics: Record<string, Record<string, unknown>[]>;
    campaign_effects: CampaignSummary[];
  };
  expect(out.metrics.campaign_response.map((r) => [r.campaign_id, r.arm, r.buyers])).toEqual([
    ['C1', 'control', 1],
    ['C1', 'treatment', 2],
    ['C2', 'treatment', 1],
  ]);
  expect(out.metrics.benefit_funnel.reduce((s, r) => s + (r.issued as number), 0)).toBe(6);
  expect(out.campaign_effects.map((c) => c.id)).toEqual(['C1', 'C2']);
  expect(out.campaign_effects[0].marginPerYuan!.estimate).toBeCloseTo((100 * 0.5) / 27, 9);
  expect(out.campaign_effects[0].effect!.verdict).toBe('undecided');
});

it('report --response-days 60 widens the window (C1 treatment: 3 buyers); a bad value exits as usage', async () => {
  const out = (await main(['report', ...FILES, '--from', '2024-03-01', '--to', '2024-04-01', '--response-days', '60'])) as { metrics: Record<string, Record<string, unknown>[]> };
  expect(out.metrics.campaign_response.find((r) => r.campaign_id === 'C1' && r.arm === 'treatment')!.buyers).toBe(3);
  await expect(main(['report', ...FILES, '--from', '2024-03-01', '--to', '2024-04-01', '--response-days', '0'])).rejects.toThrow(/--response-days/);
});

it('the engine computes the same campaign effects where the rows are (the panel asks the worker, not the page)', async () => {
  const { openNativeDriver } = await import('../../../workers/drivers/native.ts');
  const { createEngine } = await import('../../../workers/engine.ts');
  const { readFileSync } = await import('node:fs');
  const driver = await openNativeDriver();
  try {
    const engine = await createEngine(driver);
    for (const t of ['members', 'orders', 'benefits', 'campaigns'] as const) await engine.loadCsvTable(t, readFileSync(`test/fixtures/metrics-benefits/${t}.csv`, 'utf8'));
    const effects = await engine.campaignEffects({ from: '2024-03-01', to: '2024-04-01', grossMargin: 0.5 });
    const cli = (await main(['report', ...FILES, '--from', '2024-03-01', '--to', '2024-04-01', '--margin', '0.5'])) as { campaign_effects: CampaignSummary[] };
    expect(effects).toEqual(cli.campaign_effects);
    expect(effects[0].marginPerYuan!.estimate).toBeCloseTo((100 * 0.5) / 27, 9);
  } finally {
    driver.close();
  }
});
