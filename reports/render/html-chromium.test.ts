// The HTML reports opened in a real headless Chromium (Debian's `chromium`): they must load
// with no console error and no request beyond the file itself, every chart must decode,
// and the page must not be blank. Skipped (with the reason logged) where Chromium is absent.
import test from 'ava';
import { Image, createCanvas } from '@napi-rs/canvas';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { buildCompare } from '../compare/build-compare.js';
import { compareResults } from '../compare/compare-results.js';
import { loadAllResults, loadResults } from '../model/load-results.js';
import { buildReport } from '../report/build-report.js';
import { crafted } from '../test-support/craft.js';
import { fixturePath, tempDir } from '../test-support/fixtures.js';
import type { ReportDoc } from './blocks.js';
import { writeDocument } from './write-document.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-crash-reporter', '--disable-breakpad'];

/** Mean and variance of the luminance of a PNG's pixels (every 4th pixel). */
function luminanceStats(png: Buffer): { mean: number; variance: number; width: number; height: number } {
  const img = new Image();
  img.src = png;
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, img.width, img.height).data;
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < data.length; i += 16) {
    const y = 0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]!;
    n++;
    sum += y;
    sumSq += y * y;
  }
  const mean = sum / n;
  return { mean, variance: sumSq / n - mean * mean, width: img.width, height: img.height };
}

async function openInChromium(t: import('ava').ExecutionContext, doc: ReportDoc, name: string, keepScreenshot?: string): Promise<void> {
  const out = tempDir(`isolab-html-${name}-`);
  const profile = tempDir('isolab-chromium-profile-');
  try {
    const rendered = await writeDocument(doc, 'html', { color: false, outDir: out.dir, name });
    const html = rendered.files[0]!;
    t.is(path.basename(html), `${name}.html`);
    t.true(rendered.charts.length > 0);
    for (const c of rendered.charts) {
      const s = luminanceStats(c.png);
      t.true(s.variance > 100, `chart ${c.spec.id} is not blank (luminance variance ${s.variance.toFixed(0)})`);
      t.true(fs.existsSync(path.join(out.dir, `${c.spec.id}.png`)), `chart ${c.spec.id} is also written as a PNG`);
    }
    // XDG dirs inside the temporary profile: Chromium keeps its crash database under
    // $XDG_CONFIG_HOME/chromium even with --user-data-dir, and it must not outlive the test.
    const env = { ...process.env, XDG_CONFIG_HOME: path.join(profile.dir, 'config'), XDG_CACHE_HOME: path.join(profile.dir, 'cache') } as Record<string, string>;
    const context = await chromium.launchPersistentContext(path.join(profile.dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: ARGS, env, viewport: { width: 1200, height: 3000 } });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const problems: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('request', (r) => { if (!/^(file|data):/.test(r.url())) problems.push(`request to ${r.url()}`); });
      page.on('requestfailed', (r) => problems.push(`failed request: ${r.url().slice(0, 80)}`));
      await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
      const images = await page.$$eval('img', (imgs) => imgs.map((i) => ({ alt: i.alt, complete: i.complete, width: i.naturalWidth, height: i.naturalHeight, data: i.src.startsWith('data:image/png;base64,') })));
      t.is(images.length, rendered.charts.length, 'one <img> per chart');
      for (const img of images) {
        t.true(img.complete && img.width > 0 && img.height > 0, `${img.alt} decoded (${img.width}×${img.height})`);
        t.true(img.data, `${img.alt} is embedded, not linked`);
      }
      t.deepEqual(problems, []);
      const shot = await page.screenshot({ fullPage: true });
      const s = luminanceStats(shot);
      t.true(s.height > 2000, `the page is long (${s.height} px)`);
      t.true(s.variance > 500, `the screenshot is not blank (luminance variance ${s.variance.toFixed(0)})`);
      if (keepScreenshot) fs.writeFileSync(keepScreenshot, shot);
    } finally {
      await context.close();
    }
  } finally {
    out.remove();
    profile.remove();
  }
}

const skipReason = fs.existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is not installed (apt-get install -y --no-install-recommends chromium)`;

test.serial('the HTML report of a full results file loads in headless Chromium, every chart drawn, nothing fetched', async (t) => {
  if (skipReason) {
    t.log(`skipped: ${skipReason}`);
    t.pass();
    return;
  }
  await openInChromium(t, buildReport(loadResults(fixturePath('results-full.json'))), 'report', process.env.ISOLAB_KEEP_SCREENSHOT);
});

test.serial('the HTML comparison of three runs loads in headless Chromium', async (t) => {
  if (skipReason) {
    t.log(`skipped: ${skipReason}`);
    t.pass();
    return;
  }
  const files = [...loadAllResults([fixturePath('results-full.json'), fixturePath('results.json')]), crafted('slower', { seed: 2, median: 6.5 })];
  await openInChromium(t, buildCompare(compareResults(files)), 'compare');
});
