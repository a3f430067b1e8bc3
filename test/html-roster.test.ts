/**
 * The html format of a class with a roster, as a person sees it in a real headless Chromium
 * (Debian's `chromium`, driven by playwright-core, as test/html.test.ts): students without a
 * submission are rows that say so (no link to a page that does not exist, not counted as failing
 * every check), roster names shown, check titles that name no student, no sideways scrolling on a
 * 390 px phone, hidden characters from a student's file shown, and a class of 1,000 on one page
 * that is folded rather than a page 1.5 million pixels tall.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { gradeStatic } from '../src/index.js';
import { REPORTERS } from '../src/reporters/index.js';
import { studentAs } from './helpers/fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium package`);

const BIN = new URL('../bin/kubegrade.js', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'kg-html-roster-'));
const subs = join(root, 'subs');
const out = join(root, 'out');
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Five folders; the roster has six students (one without a folder) and Canvas's test student.
const faults: Record<string, (t: string) => string> = {
  ada: (t) => t,
  bo: (t) => t.replace('storageClassName: rdb', 'storageClassName: rbd'),
  cyd: (t) => t.replace('replicas: 2', 'replicas: 1'),
  // A value with a right-to-left override and an escape sequence in it, and a very long unbroken one.
  dot: (t) => t.replace('storageClassName: rdb', `storageClassName: "rb\u202Ed\u001b[31m${'x'.repeat(300)}"`),
  ed: (t) => t.replace('- ReadWriteOnce', '- readWriteOnce'),
};
for (const [u, edit] of Object.entries(faults)) studentAs(join(subs, `hw6-${u}`), u, edit);
const roster = join(root, 'roster.csv');
writeFileSync(
  roster,
  'Student,ID,SIS User ID,SIS Login ID,Section,folder\n    Points Possible,,,,,\n' +
    Object.keys(faults).map((u, i) => `"Lovelace-${u}, ${u.toUpperCase()}",${i + 1},S${i},${u},A,hw6-${u}`).join('\n') +
    '\n"Absent, Al",9,S9,al,A,hw6-al\n"Student, Test",10,,,A,\n',
);

let context: BrowserContext | undefined;
async function open(file: string, width: number): Promise<Page> {
  const page = await context!.newPage();
  await page.setViewportSize({ width, height: 800 });
  await page.goto(pathToFileURL(file).href);
  return page;
}
const overflow = (page: Page) => page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));

beforeAll(async () => {
  const r = spawnSync(process.execPath, [BIN, 'batch', subs, '--roster', roster, '--out', out, '--format', 'html', '-q'], { encoding: 'utf8', env: { PATH: process.env.PATH! } });
  expect(r.status, r.stderr).toBe(0);
  if (!haveChromium) return;
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'kg-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);
afterAll(async () => {
  await context?.close();
});

describe.skipIf(!haveChromium)('html with a roster, in Chromium', () => {
  it('roster names; the absent student a row that says so, with no link; the figures count the graded only; check titles name no student', async () => {
    const page = await open(join(out, 'index.html'), 1200);
    const rows = await page.locator('table.roster tbody tr').evaluateAll((trs) => trs.map((tr) => ({ text: (tr as HTMLElement).innerText, href: tr.querySelector('a')?.getAttribute('href') ?? null })));
    expect(rows.map((r) => r.text.split('\t')[0]!.split('\n')[0])).toEqual([...Object.keys(faults).map((u) => `Lovelace-${u}, ${u.toUpperCase()} ${u} · hw6-${u}`), 'Absent, Al']);
    expect(rows[5]!.href).toBeNull();
    expect(rows[5]!.text).toContain('no submission: no folder hw6-al under');
    for (const r of rows.slice(0, 5)) expect(existsSync(join(out, r.href!))).toBe(true);
    expect(rows.map((r) => r.text).join('\n')).not.toContain('Student, Test');
    expect(await page.locator('.card').allInnerTexts()).toEqual(expect.arrayContaining(['5\ngraded', '1\nno submission']));
    // Each failure rate is out of the five graded, never the six of the roster.
    const failed = await page.locator('table.failures tbody tr').evaluateAll((trs) => trs.map((tr) => (tr.querySelectorAll('td')[2] as HTMLElement).innerText));
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) expect(f).toMatch(/^\d\/5$/);
    const titles = await page.locator('table.failures td .dim').allInnerTexts();
    for (const t of titles) for (const u of Object.keys(faults)) expect(t).not.toMatch(new RegExp(`\\b${u}-test`));
    await page.close();
  });

  it('no sideways scrolling at 390 px: the class page and a student page with a 300-character value', async () => {
    for (const file of [join(out, 'index.html'), join(out, 'students', 'dot.html'), join(out, 'students', 'bo.html')]) {
      const page = await open(file, 390);
      const { scroll, view } = await overflow(page);
      expect({ file, scroll }).toEqual({ file, scroll: expect.any(Number) });
      expect(scroll, file).toBeLessThanOrEqual(view);
      await page.close();
    }
  });

  it("a student's page shows U+202E and ESC from their file as \\u202e and \\x1b, never the characters", async () => {
    const html = readFileSync(join(out, 'students', 'dot.html'), 'utf8');
    expect(html).not.toMatch(/[\u202E\u001b]/);
    const page = await open(join(out, 'students', 'dot.html'), 1200);
    const text = await page.locator('body').innerText();
    expect(text).toContain('rb\\u202ed\\x1b[31m');
    await page.close();
  });

  it('one page for a class of 1,000: each student folded, a few MB, not a page a million pixels tall', async () => {
    const one = studentAs(join(root, 'one'), 'jo', (t) => t.replace('storageClassName: rdb', 'storageClassName: rbd').replace('replicas: 2', 'replicas: 1').replace('- ReadWriteOnce', '- readWriteOnce'));
    const base = gradeStatic(one, { excerpts: 3 }).report;
    const chunks: string[] = [];
    const run = REPORTERS.get('html')!.create({ write: (s) => void chunks.push(s) }, { color: false });
    for (let i = 0; i < 1000; i++) run.write({ ...base, username: `s${i}`, dir: join(root, `hw6-s${i}`) });
    run.flush();
    const file = join(root, 'class.html');
    writeFileSync(file, chunks.join(''));
    expect(Buffer.byteLength(chunks.join(''))).toBeLessThan(6 * 1024 * 1024);
    const page = await open(file, 1200);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeLessThan(80_000);
    expect(await page.locator('details.student').count()).toBe(1000);
    await page.locator('details.student summary').nth(500).click();
    await expect(page.locator('details.student').nth(500).locator('.finding').count()).resolves.toBeGreaterThan(0);
    await page.close();
  }, 60_000);
});

mkdirSync(root, { recursive: true });
