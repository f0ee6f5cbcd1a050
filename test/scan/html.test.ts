import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { scan } from './helpers.js';

const HOSTILE = 'test/fixtures/scan/hostile';
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('HTML report', () => {
  test('every name is escaped: no markup and no terminal escapes from object names', async () => {
    const r = await scan([HOSTILE, 'test/fixtures/netpol/seed-g04', '-o', 'html']);
    assert.equal(r.code, 1, r.err);
    assert.ok(!r.out.includes("<script>alert"), 'object names are not markup');
    assert.ok(r.out.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!r.out.includes('\u001b') && !r.out.includes('\u0007'), 'no raw control characters');
    assert.ok(r.out.includes('\\x1b[31mred'));
    assert.equal((r.out.match(/<script>/g) ?? []).length, 1, 'only the report\'s own script');
    assert.doesNotMatch(r.out, /(src|href)=["']?(https?:)?\/\//, 'no external resources');
    const text = await scan([HOSTILE, '-o', 'text']);
    assert.ok(!text.out.includes('\u001b') && !text.out.includes('\u0007'), 'the text report does not pass escapes to the terminal');
  });
});

// A real browser: Debian's Chromium, driven by playwright-core (no browser download).
describe('HTML report in Chromium', { skip: existsSync(CHROMIUM) ? false : (process.env.CI === 'true' ? false : `${CHROMIUM} not installed (apt-get install -y chromium)`) }, () => {
  let browser: Browser;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubefort-html-'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('renders, makes no request, filters by severity and namespace, sorts, and reads without JavaScript', async () => {
    const file = join(dir, 'report.html');
    writeFileSync(file, (await scan([HOSTILE, 'test/fixtures/netpol/seed-g04', 'test/fixtures/live', '-o', 'html'])).out);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (req) => { if (!req.url().startsWith('file:')) requests.push(req.url()); });
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href);
    const total = await page.locator('#findings tbody tr').count();
    assert.ok(total > 10);
    await page.selectOption('select[name=severity]', 'high');
    const high = await page.locator('#findings tbody tr:not([hidden])').count();
    assert.ok(high > 0 && high < total, `${high} of ${total}`);
    assert.deepEqual(await page.locator('#findings tbody tr:not([hidden]) td.sev').allTextContents(), Array(high).fill('high'));
    await page.selectOption('select[name=severity]', '');
    await page.selectOption('select[name=namespace]', 'shop');
    const nsCells = await page.locator('#findings tbody tr:not([hidden]) td:nth-child(4)').allTextContents();
    assert.ok(nsCells.length > 0 && nsCells.every((n) => n === 'shop'));
    await page.selectOption('select[name=namespace]', '');
    await page.click('#findings thead th:nth-child(3) button');
    const rules = await page.locator('#findings tbody tr td:nth-child(3)').allTextContents();
    assert.deepEqual(rules, [...rules].sort());
    const shot = join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: false });
    assert.ok(statSync(shot).size > 10_000, 'a real picture');
    assert.deepEqual(readFileSync(shot).subarray(1, 4).toString(), 'PNG');
    if (process.env.KUBEFORT_KEEP_SCREENSHOT !== undefined) writeFileSync(process.env.KUBEFORT_KEEP_SCREENSHOT, readFileSync(shot));
    assert.deepEqual(requests, [], 'no external requests');
    assert.deepEqual(dialogs, [], 'no script from the object names ran');
    assert.deepEqual(errors, []);
    await page.close();

    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const plain = await noJs.newPage();
    await plain.goto(pathToFileURL(file).href);
    assert.equal(await plain.locator('#findings tbody tr:visible').count(), total, 'every finding is shown without JavaScript');
    assert.equal(await plain.locator('#filters').isVisible(), false, 'filters need JavaScript and are hidden without it');
    await noJs.close();
  });
});
