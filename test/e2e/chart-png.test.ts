// A chart exported as PNG carries its title, period and filters above the chart image.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openHostedApp, type HostedApp } from './harness.ts';

let session: HostedApp;
beforeAll(async () => {
  session = await openHostedApp(`#satisfaction?store=${encodeURIComponent('社区店')}`);
  await session.page.waitForSelector('main[data-status="ready"] [data-chart-card="satisfaction-trend"] [data-chart] canvas', { timeout: 120_000 });
  await session.page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 60_000 });
}, 150_000);
afterAll(async () => {
  await session?.close();
});

/** PNG width and height from the IHDR chunk. */
const pngSize = (b: Buffer) => ({ width: b.readUInt32BE(16), height: b.readUInt32BE(20) });

it('the PNG is the chart at 2× under a caption band (title; period and filters)', async () => {
  const { page } = session;
  const card = '[data-chart-card="satisfaction-trend"]';
  const box = (await page.$eval(`${card} [data-chart]`, (el) => ({ w: el.clientWidth, h: el.clientHeight })))!;
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`${card} [data-action="png"]`)]);
  expect(download.suggestedFilename()).toBe('satisfaction-trend.png');
  const png = readFileSync((await download.path())!);
  const size = pngSize(png);
  expect(size.width).toBe(box.w * 2);
  expect(size.height).toBeGreaterThan(box.h * 2 + 2 * 30); // at least a title line and a scope line above the chart
  // The caption text itself, drawn with the same helper the card uses.
  const caption = await page.evaluate(async (sel) => {
    const drawn: string[] = [];
    const original = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text: string, x: number, y: number) {
      drawn.push(text);
      return original.call(this, text, x, y);
    };
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = () => undefined; // no second download
    (document.querySelector(`${sel} [data-action="png"]`) as HTMLButtonElement).click();
    await new Promise((r) => setTimeout(r, 500));
    CanvasRenderingContext2D.prototype.fillText = original;
    HTMLAnchorElement.prototype.click = click;
    return drawn;
  }, card);
  const title = caption.lastIndexOf('月度满意度（按门店）'); // ECharts' own labels are drawn first
  expect(title).toBeGreaterThanOrEqual(0);
  expect(caption.slice(title + 1).join('')).toMatch(/^时间: \d{4}\/\d{2}\/\d{2} ~ \d{4}\/\d{2}\/\d{2} · 门店: 社区店 · 渠道: 全部 · 等级: 全部 · 客户: 全部/);
}, 60_000);
