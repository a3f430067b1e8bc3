/**
 * The html format as a person sees it, in a real headless Chromium (Debian's
 * `chromium`, driven by playwright-core; .ci/run installs it): the score
 * histogram with the right counts, the failure table sorted, what students
 * wrote, a student's finding right under its source line, hostile student
 * text shown as text and never run, and no network request at all.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { gradeMany } from '../src/batch/index.js';
import { REPORTERS } from '../src/reporters/index.js';
import type { Report } from '../src/types.js';
import { textDigest } from '../src/util/digest.js';
import { studentAs } from './helpers/fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium package`);
if (!haveChromium) console.warn(`html.test.ts: skipped, no ${CHROMIUM} (apt-get install chromium; CI installs it)`);

const HOSTILE = '<img src=x onerror=__pwned=1><script>__pwned=2</script>';
const root = mkdtempSync(join(tmpdir(), 'kg-html-'));
const out = join(root, 'out');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A submission for `u`, the good one edited. */
const student = (u: string, edit?: (t: string) => string) => studentAs(join(root, 'class', u), u, edit);
const rbd = (t: string) => t.replace('storageClassName: rdb', 'storageClassName: rbd');
const nfs = (t: string) => t.replace('storageClassName: rdb', 'storageClassName: nfs');

// Ten students: 8 wrote another storage class (a rubric warning), two of them more faults; one hostile value.
const dirs = [
  student('ada'),
  student('bob', rbd),
  student('cy', rbd),
  student('dee', rbd),
  student('eve', (t) => rbd(t).replace('- ReadWriteOnce', '- readWriteOnce')),
  student('fay', nfs),
  student('gus', nfs),
  student('hal', (t) => nfs(t).replace('replicas: 2', 'replicas: 1').replace('containerPort: 5000', 'containerPort: 8080')),
  student('ivy', (t) => t.replace('storageClassName: rdb', `storageClassName: '${HOSTILE}'`)),
  student('jo'),
];

let reports: Report[];
let context: BrowserContext | undefined;
const requests: string[] = [];

/** Runs the html reporter over the reports, into `dir` (a page per student) or into one string. */
function render(outDir?: string): string {
  const chunks: string[] = [];
  const run = REPORTERS.get('html')!.create({ write: (s) => void chunks.push(s) }, { color: false, outDir });
  for (const r of reports) run.write(r);
  run.flush();
  return chunks.join('');
}

async function open(file: string): Promise<Page> {
  const page = await context!.newPage();
  page.on('request', (r) => void requests.push(r.url()));
  await page.goto(pathToFileURL(file).href);
  return page;
}

beforeAll(async () => {
  reports = await gradeMany(dirs, { workers: 0, excerpts: 3 });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'index.html'), render(out));
  writeFileSync(join(root, 'single.html'), render());
  if (!haveChromium) return;
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'kg-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1200, height: 900 },
  });
}, 60_000);
afterAll(async () => {
  await context?.close();
});

describe.skipIf(!haveChromium)('html in Chromium', () => {
  it('the index: cards, a histogram bar per tenth with its count, the failure table most failed first', async () => {
    const page = await open(join(out, 'index.html'));
    await page.screenshot({ path: join(root, 'index.png'), fullPage: true });
    const max = reports[0]!.maxScore;
    // What a person reads above each bar, bin by bin (0–9 % … 90–99 %, 100 %).
    const bars = await page.locator('svg.histogram g.bin').evaluateAll((gs) =>
      gs.map((g) => ({ range: g.getAttribute('data-range'), shown: g.querySelector('text.count')!.textContent, height: Number(g.querySelector('rect')!.getAttribute('height')) })),
    );
    expect(bars).toHaveLength(11);
    const expected = new Array(11).fill(0);
    for (const r of reports) expected[r.score === max ? 10 : Math.floor((10 * r.score) / max)]++;
    expect(bars.map((b) => Number(b.shown))).toEqual(expected);
    expect(expected[10]).toBe(2); // ada and jo
    for (const b of bars) expect(b.height > 0).toBe(Number(b.shown) > 0);
    expect(await page.locator('.card').allInnerTexts()).toEqual(expect.arrayContaining(['10\ngraded', '2\nfull marks']));

    // The failure table, most failed first: the storage class (8 of 10), then the others (1 each), rates in words.
    const rows = await page.locator('table.failures tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText.trim())));
    expect(rows[0]!.slice(0, 3)).toEqual([expect.stringMatching(/^redis-pvc\.storage-class\n/), '1', '8/10']);
    expect(rows[0]![3]).toBe('80%');
    const rates = rows.map((r) => Number(r[2]!.split('/')[0]) / Number(r[2]!.split('/')[1]));
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
    expect(rows.map((r) => r[0]!.split('\n')[0])).toEqual(expect.arrayContaining(['redis-pvc.access-modes', 'flask-deployment.replicas', 'flask-deployment.port']));

    // The rubric warning and what the class wrote on the line the check blames.
    await expect(page.locator('.warning').innerText()).resolves.toMatch(/^Rubric warning: 8 of 10 students \(80%\) fail redis-pvc\.storage-class\./);
    const written = await page.locator('.valuebox').first().locator('tr').allInnerTexts();
    expect(written.slice(0, 2)).toEqual(['storageClassName: rbd\t4\tbob, cy, dee, …', 'storageClassName: nfs\t3\tfay, gus, hal']);
    expect(written).toContain(`storageClassName: '${HOSTILE}'\t1\tivy`);

    // A row per student, linking to their page.
    const links = await page.locator('table.roster a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    expect(links).toEqual(reports.map((r) => [r.username, `students/${r.username}.html`]));
    await page.close();
  });

  it("a student's page: each finding right under the source line it blames, with the check and the fix", async () => {
    const page = await open(join(out, 'index.html'));
    await page.getByRole('link', { name: 'eve', exact: true }).click();
    await page.waitForURL(/students\/eve\.html$/);
    await page.screenshot({ path: join(root, 'eve.png'), fullPage: true });
    await expect(page.locator('.who').innerText()).resolves.toMatch(/^eve\n\d+\/\d+$/);

    const line = page.locator('tr.line.hit', { hasText: 'storageClassName: rbd' });
    await expect(line.locator('td.ln').innerText()).resolves.toBe('12');
    const note = line.locator('xpath=following-sibling::tr[1]');
    await expect(note.getAttribute('class')).resolves.toBe('note');
    const text = await note.innerText();
    expect(text).toContain('storageClassName is "rbd"; the rubric wants "rdb"');
    expect(text).toContain('redis-pvc.storage-class');
    expect(text).toContain('→ set storageClassName: rdb');
    // Seen together: the note starts where the line ends, the caret under the value's column (21).
    const [lb, nb] = [await line.boundingBox(), await note.boundingBox()];
    expect(Math.abs(nb!.y - (lb!.y + lb!.height))).toBeLessThan(2);
    const caret = await note.locator('.caret').evaluate((el) => (el as HTMLElement).style.paddingLeft);
    expect(caret).toBe('20ch');
    // The other fault of the same file, under its own line; the files without findings are ticked.
    const notes = page.locator('tr.line.hit', { hasText: '- readWriteOnce' }).locator('xpath=following-sibling::tr[position() <= 2]');
    expect((await notes.allInnerTexts()).join('\n')).toMatch(/schema\.redis-pvc[\s\S]*redis-pvc\.access-modes/);
    await expect(page.locator('.file.ok').count()).resolves.toBe(4);
    await page.close();
  });

  it('hostile student text is shown as text, never run, and nothing is loaded from the network', async () => {
    for (const file of [join(out, 'index.html'), join(out, 'students', 'ivy.html'), join(root, 'single.html')]) {
      const page = await open(file);
      const seen = await page.evaluate(() => ({ imgs: document.images.length, pwned: (window as unknown as { __pwned?: number }).__pwned, title: document.title, text: document.body.innerText }));
      expect(seen.imgs).toBe(0);
      expect(seen.pwned).toBeUndefined();
      expect(seen.title).not.toBe('pwned');
      expect(seen.text).toContain(HOSTILE);
      await page.close();
    }
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
  });

  it('without --out: one page, the class figures first, each student a section of it', async () => {
    const page = await open(join(root, 'single.html'));
    await page.screenshot({ path: join(root, 'single.png'), fullPage: true });
    await expect(page.locator('details.student').count()).resolves.toBe(10);
    const summary = await page.locator('section.summary').boundingBox();
    const first = await page.locator('details.student').first().boundingBox();
    expect(summary!.y).toBeLessThan(first!.y);
    await page.locator('#s-hal > summary').click(); // each student folded: opened as a reader would
    await expect(page.locator('#s-hal tr.line.hit', { hasText: 'containerPort: 8080' }).locator('xpath=following-sibling::tr[1]').innerText()).resolves.toContain('flask-deployment.port');
    await page.close();
    if (process.env.KUBEGRADE_KEEP_SCREENSHOTS) for (const f of ['index.png', 'eve.png', 'single.png']) writeFileSync(join(process.env.KUBEGRADE_KEEP_SCREENSHOTS, f), readFileSync(join(root, f)));
  });
});

describe('html, as text', () => {
  it('streams: a page per student as each report arrives, the index rows too; the figures at flush', () => {
    const dir = join(root, 'stream');
    const chunks: string[] = [];
    const run = REPORTERS.get('html')!.create({ write: (s) => void chunks.push(s) }, { color: false, outDir: dir });
    run.write(reports[0]!);
    expect(readdirSync(join(dir, 'students'))).toEqual(['ada.html']);
    expect(chunks.join('')).toContain('href="students/ada.html"');
    expect(chunks.join('')).not.toContain('class="summary"');
    run.write(reports[1]!);
    expect(readdirSync(join(dir, 'students')).sort()).toEqual(['ada.html', 'bob.html']);
    run.flush();
    expect(chunks.join('')).toMatch(/<section class="summary">[\s\S]*<\/html>\n$/);
  });

  it('student names become safe, unique file names; a name that had to change never takes one a student really has', () => {
    const dir = join(root, 'names');
    const run = REPORTERS.get('html')!.create({ write: () => {} }, { color: false, outDir: dir });
    for (const username of ['../../etc/passwd', '../../etc/passwd', '.hidden', 'Ann', 'ann', '', 'etc_passwd']) run.write({ ...reports[0]!, username, dir: '/x/sub' });
    run.flush();
    // A changed name carries a fingerprint of what it was: `etc_passwd`, written last, is still etc_passwd.html.
    const fp = (s: string) => textDigest(s).slice(-6);
    expect(readdirSync(join(dir, 'students')).sort()).toEqual(
      ['Ann.html', 'ann-2.html', `etc_passwd-${fp('../../etc/passwd')}-2.html`, `etc_passwd-${fp('../../etc/passwd')}.html`, 'etc_passwd.html', `hidden-${fp('.hidden')}.html`, 'sub.html'].sort(),
    );
  });
});
