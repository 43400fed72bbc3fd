import { openHostedApp } from './test/e2e/harness.ts';
const app = await openHostedApp('#import');
const p = app.page;
await p.waitForSelector('[data-action="choose-files"]', { timeout: 120_000 });
const [chooser] = await Promise.all([p.waitForEvent('filechooser'), p.click('[data-action="choose-files"]')]);
await chooser.setFiles([process.env.FILE!]);
await p.waitForSelector('[data-import-file][data-status="ready"]', { timeout: 120_000 });
await p.click('[data-action="import"]');
await p.waitForSelector('[data-import-outcome]:not([data-import-outcome="running"])', { timeout: 300_000 });
const panels = (process.env.PANELS ?? 'repurchase,satisfaction,tiers,churn,segments,value').split(',');
for (const panel of panels) {
  await p.goto(`${app.url}#${panel}`);
  await p.waitForSelector(`main[data-status="ready"]`, { timeout: 120_000 }).catch(() => {});
  await p.waitForTimeout(Number(process.env.SETTLE ?? 6000));
  await p.screenshot({ path: `/tmp/walk/p-${panel}.png`, fullPage: true });
}
console.log('errors', app.consoleErrors);
await app.close();
