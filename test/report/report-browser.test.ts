/**
 * The report as a strategist opens it: headless Chromium, file://, no network. Every chart must
 * render with nothing on the console, and the screenshot must show the map, the heatmap and the
 * bars (coloured pixels where they are). Skips, saying why, where Chromium is not installed.
 * Set BUZON_SCREENSHOT_DIR to keep the screenshot.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { buildReport, REPORT_CHARTS } from '../../src/report/report-builder.ts';
import { memoryContext, tempDir } from '../helpers.ts';
import { capturePage, chartStates, findChromium } from './headless-chromium.ts';
import { decodePng, regionStats } from './png-image.ts';
import { createReportFixture } from './report-fixture.ts';

const chromium = findChromium();
const skip = chromium ? false : 'chromium not installed (apt-get install -y chromium): browser rendering not checked';

test('the report renders every chart offline in headless Chromium, and the screenshot shows them', { skip, timeout: 240_000 }, async () => {
  const context = await memoryContext();
  after(() => context.warehouse.close());
  await createReportFixture(context.warehouse);
  const report = await buildReport(context, { outDir: tempDir('buzon-report-browser-') });

  const page = await capturePage(chromium!, report.htmlFile, { width: 1000, height: 6200 });
  if (process.env.BUZON_SCREENSHOT_DIR) {
    mkdirSync(process.env.BUZON_SCREENSHOT_DIR, { recursive: true });
    writeFileSync(join(process.env.BUZON_SCREENSHOT_DIR, 'report.png'), page.screenshot);
  }
  assert.deepEqual(page.console, [], 'nothing on the console: no Vega error or warning');
  assert.match(page.dom, /<html[^>]* data-charts="ok"/, 'the page says every chart finished');
  const charts = chartStates(page.dom);
  assert.deepEqual(charts.map((c) => c.id), REPORT_CHARTS.map((c) => c.id));
  for (const chart of charts) {
    assert.equal(chart.rendered, 'ok', `${chart.id} rendered`);
    assert.ok(chart.svg, `${chart.id} has an SVG`);
  }

  const image = decodePng(page.screenshot);
  assert.equal(image.width, 1000);
  const whole = regionStats(image, { x: 0, y: 0, width: image.width, height: image.height });
  assert.ok(whole.colours > 200, `the page is not blank (${whole.colours} colours)`);
  const expectations: Record<string, { colourShare: number; colours: number }> = {
    'state-map': { colourShare: 0.15, colours: 20 },
    'time-of-week': { colourShare: 0.3, colours: 20 },
    'issue-share': { colourShare: 0.1, colours: 3 },
  };
  for (const [id, expected] of Object.entries(expectations)) {
    const box = charts.find((c) => c.id === id)?.box;
    assert.ok(box && box.height > 100, `${id} has a size on the page`);
    assert.ok(box.y + box.height <= image.height, `${id} lies inside the screenshot`);
    const stats = regionStats(image, box);
    assert.ok(stats.colourShare >= expected.colourShare, `${id}: ${(stats.colourShare * 100).toFixed(1)}% coloured pixels`);
    assert.ok(stats.colours >= expected.colours, `${id}: ${stats.colours} colours`);
  }
});
