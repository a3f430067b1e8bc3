/**
 * A class report in HTML: the score histogram, the failure rate of each check
 * (most failed first), what students wrote where the most failed checks
 * point, and a page per student with each finding under the source line it
 * blames. Self-contained: inline CSS and SVG, no script, no font, no image,
 * and a Content-Security-Policy that forbids loading anything, so a page
 * opened from disk or a course site makes no request at all.
 *
 * Streaming: with `outDir` (batch --out), a student's page is written to
 * `outDir/students/<name>.html` as their report arrives and their row is
 * appended to the index (the main stream, `index.html`); the class figures
 * need only counters (bins, per-check tallies, bounded samples of values),
 * written at `flush()` and shown above the rows by CSS `order`. Without
 * `outDir`: one page, each student a section of it.
 *
 * The source lines come from the report's `excerpts` (GradeOptions.excerpts),
 * not from the submission folder: what was graded may not be what is on disk
 * (a deadline's commit), and a reporter reads nothing. Without excerpts a
 * finding is shown with its file:line alone.
 *
 * Every string that comes from a submission (names, values, messages, file
 * names, commit subjects, source lines) goes through forHtml.
 */
import { basename } from 'node:path';
import type { CheckResult, Excerpt, Report } from '../types.js';
import { forHtml, forTerminal, shorten } from '../util/escape.js';
import { findingsByFile, type Row } from './findings.js';
import { absent, checkText, deadlineTime, lateLine, points, writeOwnFile } from './common.js';
import { marked, studentLabel } from './names.js';
import type { Reporter } from './types.js';

/**
 * Student text for HTML: escaped, and the characters a reader cannot see or that reorder the line
 * (ESC and the other controls, U+202E and the other bidirectional overrides) shown as `\x1b`,
 * `\u202e`, as in a terminal: a file name or value that hides or reverses text shows what it is.
 */
const h = (s: string) => forHtml(forTerminal(s));

/** Bins of the histogram: 0–9 %, …, 90–99 %, and full marks. */
const BINS = 11;
/** Distinct source lines counted per check; the rest go to "other". */
const MAX_VALUES = 100;
/** Checks whose values are shown, and values shown for each. */
const VALUE_CHECKS = 5;
const VALUES_SHOWN = 8;
/** Students named per value (a sample). */
const NAMES_PER_VALUE = 3;
/** A rubric warning when at least this share of the class fails a check (and at least WARN_MIN students were graded). */
const WARN_SHARE = 0.8;
const WARN_MIN = 5;

interface Tally {
  id: string;
  title: string;
  maxPoints: number;
  ran: number;
  failed: number;
  values: Map<string, { count: number; names: string[] }>;
  otherValues: number;
}

export const html: Reporter = {
  name: 'html',
  description: 'a self-contained HTML class report: histogram, failure rates, values written, a page per student (with --out DIR)',
  fileName: 'index.html',
  create(out, options) {
    const pages = options.outDir ? 'students' : undefined;
    const bins = new Array<number>(BINS).fill(0);
    const tallies = new Map<string, Tally>();
    const slugs = new Set<string>();
    let students = 0;
    let withoutSubmission = 0;
    let notGraded = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    let full = 0;
    let title = '';
    let started = false;
    /** The index has a "handed in" column when the run has a deadline (known from the first report). */
    let deadlines = false;

    const start = (first?: Report) => {
      if (started) return;
      started = true;
      deadlines = Boolean(first?.deadline);
      out.write(documentStart(title ? `${title} · class report` : 'kubegrade class report', `<h1>${h(title || 'kubegrade')}</h1><p class="sub">class report</p>`));
      out.write('<main class="stack">\n');
      if (pages) out.write(`<section class="students"><h2>Students</h2>\n<table class="roster"><thead><tr><th>student</th><th class="num">score</th><th></th><th class="num">checks failed</th>${deadlines ? '<th>handed in</th>' : ''}</tr></thead><tbody>\n`);
      else out.write('<section class="students"><h2>Students</h2>\n');
    };

    return {
      write(r) {
        if (!title) title = r.rubric.title ?? r.rubric.name;
        start(r);
        const name = studentLabel(r);
        const folder = r.dir ? basename(r.dir) : (r.student?.folder ?? '');
        const sub = [r.username && r.username !== name ? r.username : '', folder && folder !== name && folder !== r.username ? folder : ''].filter(Boolean);
        const who = `${h(name)}${sub.length ? ` <span class="dim">${sub.map(h).join(' · ')}</span>` : ''}`;
        // A student without a submission, or one that could not be graded: a row that says so, no page, and not in the class figures.
        const none = absent(r);
        if (none !== undefined || r.error !== undefined) {
          if (none !== undefined) withoutSubmission++;
          else notGraded++;
          const why = none ?? `not graded: ${r.error}`;
          if (pages) out.write(`<tr class="absent"><td>${who}</td><td class="num">—</td><td colspan="${deadlines ? 3 : 2}" class="dim">${h(shorten(why, 300))}</td></tr>\n`);
          else out.write(`<article class="student absent"><h3>${who}</h3><p class="dim">${h(shorten(why, 300))}</p></article>\n`);
          return;
        }
        const slug = uniqueSlug(r.username || folder || name, slugs);
        students++;
        sum += r.score;
        min = Math.min(min, r.score);
        max = Math.max(max, r.score);
        if (r.maxScore > 0 && r.score >= r.maxScore) full++;
        bins[binOf(r.score, r.maxScore)]!++;
        for (const c of r.checks) {
          if (c.status === 'skip') continue;
          let t = tallies.get(c.id);
          if (!t) tallies.set(c.id, (t = { id: c.id, title: checkText(c.id, options.rubric, { env: r.env })?.title ?? c.title, maxPoints: c.maxPoints, ran: 0, failed: 0, values: new Map(), otherValues: 0 }));
          t.ran++;
          if (c.status !== 'fail' && c.status !== 'error') continue;
          t.failed++;
          const v = writtenAt(r.excerpts, c);
          if (v === undefined) continue;
          const e = t.values.get(v);
          if (e) {
            e.count++;
            if (e.names.length < NAMES_PER_VALUE) e.names.push(name);
          } else if (t.values.size < MAX_VALUES) t.values.set(v, { count: 1, names: [name] });
          else t.otherValues++;
        }
        const failed = r.checks.filter((c) => (c.status === 'fail' || c.status === 'error') && c.maxPoints > 0).length;
        if (pages) {
          writeOwnFile(options, `${pages}/${slug}.html`, documentStart(`${name} · ${points(r.score)}/${r.maxScore}`, `<p class="crumbs"><a href="../index.html">← class report</a></p>`) + studentBody(r, name, 'h1') + documentEnd());
          out.write(
            `<tr><td><a href="students/${encodeURIComponent(slug)}.html">${h(name)}</a>${sub.length ? ` <span class="dim">${sub.map(h).join(' · ')}</span>` : ''}</td>` +
              `<td class="num">${fmt(r.score)}/${fmt(r.maxScore)}</td><td>${meter(r.score, r.maxScore)}</td><td class="num">${failed}</td>${deadlines ? `<td>${handedIn(r)}</td>` : ''}</tr>\n`,
          );
        } else {
          // One page for the class: each student folded (a class of 1,000 is a list of 1,000 lines, opened one at a time).
          out.write(`<details class="student" id="s-${h(slug)}"><summary>${who} <span class="num">${fmt(r.score)}/${fmt(r.maxScore)}</span> <span class="dim">${failed} check${failed === 1 ? '' : 's'} failed</span></summary>${studentBody(r, name, 'h3', true)}</details>\n`);
        }
      },
      flush() {
        start();
        out.write(pages ? '</tbody></table></section>\n' : '</section>\n');
        out.write(summarySection({ withoutSubmission, notGraded, students, mean: students ? sum / students : 0, min, max, full, bins, tallies: [...tallies.values()] }));
        out.write('</main>\n' + documentEnd());
      },
    };
  },
};

// ---- the class figures -------------------------------------------------------------------------

interface Figures {
  students: number;
  /** Rows without a submission, and rows not graded: counted apart, in none of the figures. */
  withoutSubmission: number;
  notGraded: number;
  mean: number;
  min: number;
  max: number;
  full: number;
  bins: number[];
  tallies: Tally[];
}

function summarySection(f: Figures): string {
  const parts: string[] = ['<section class="summary">'];
  parts.push('<div class="cards">');
  const card = (label: string, value: string) => parts.push(`<div class="card"><div class="v">${value}</div><div class="k">${label}</div></div>`);
  card('graded', String(f.students));
  if (f.withoutSubmission) card('no submission', String(f.withoutSubmission));
  if (f.notGraded) card('not graded', String(f.notGraded));
  if (f.students) {
    card('mean', fmt(round(f.mean)));
    card('min', fmt(f.min));
    card('max', fmt(f.max));
    card('full marks', String(f.full));
  }
  parts.push('</div>');

  const failing = f.tallies.filter((t) => t.failed > 0).sort((a, b) => b.failed / b.ran - a.failed / a.ran || b.maxPoints - a.maxPoints || (a.id < b.id ? -1 : 1));
  const warnings = f.students >= WARN_MIN ? failing.filter((t) => t.maxPoints > 0 && t.failed / t.ran >= WARN_SHARE) : [];
  for (const t of warnings) {
    const top = topValues(t).slice(0, 3);
    parts.push(
      `<div class="warning" role="alert"><strong>Rubric warning:</strong> ${t.failed} of ${t.ran} students (${pct(t.failed, t.ran)}) fail <code>${h(t.id)}</code>. ` +
        `Most of a class failing one check usually means the rubric, not the class, is wrong${top.length ? `; they wrote ${top.map(([v, e]) => `<code>${h(v)}</code> (${e.count})`).join(', ')}` : ''}. ` +
        `Check its parameter (<code>kubegrade explain ${h(t.id)}</code>, then <code>--set</code>) before publishing.</div>`,
    );
  }

  parts.push('<div class="panels"><div class="panel"><h2>Scores</h2>', histogram(f.bins), '</div>');
  parts.push('<div class="panel"><h2>Checks failed</h2>');
  if (failing.length === 0) parts.push('<p>No check failed.</p>');
  else {
    parts.push('<table class="failures"><thead><tr><th>check</th><th class="num">points</th><th class="num">failed</th><th>rate</th></tr></thead><tbody>');
    for (const t of failing) {
      parts.push(
        `<tr><td><code>${h(t.id)}</code><div class="dim">${h(t.title)}</div></td><td class="num">${fmt(t.maxPoints)}</td><td class="num">${t.failed}/${t.ran}</td>` +
          `<td class="rate"><span class="bar"><span style="width:${((100 * t.failed) / t.ran).toFixed(1)}%"></span></span> ${pct(t.failed, t.ran)}</td></tr>`,
      );
    }
    parts.push('</tbody></table>');
  }
  const passed = f.tallies.length - failing.length;
  if (passed > 0) parts.push(`<p class="dim">${passed} check${passed === 1 ? '' : 's'} passed by everyone.</p>`);
  parts.push('</div></div>');

  const withValues = failing.filter((t) => t.values.size > 0).slice(0, VALUE_CHECKS);
  if (withValues.length) {
    parts.push('<div class="panel"><h2>What students wrote where the most failed checks point</h2><div class="values">');
    for (const t of withValues) {
      const vals = topValues(t);
      const hidden = vals.slice(VALUES_SHOWN).reduce((n, [, e]) => n + e.count, 0) + t.otherValues;
      parts.push(`<div class="valuebox"><h3><code>${h(t.id)}</code> <span class="dim">${t.failed} failed</span></h3><table class="vals"><tbody>`);
      for (const [v, e] of vals.slice(0, VALUES_SHOWN)) {
        parts.push(`<tr><td><code class="src">${h(v)}</code></td><td class="num">${e.count}</td><td class="dim">${e.names.map(h).join(', ')}${e.count > e.names.length ? ', …' : ''}</td></tr>`);
      }
      if (hidden) parts.push(`<tr><td class="dim">other lines</td><td class="num">${hidden}</td><td></td></tr>`);
      parts.push('</tbody></table></div>');
    }
    parts.push('</div></div>');
  }
  parts.push('</section>\n');
  return parts.join('\n');
}

function topValues(t: Tally): [string, { count: number; names: string[] }][] {
  return [...t.values].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
}

/** The score histogram as an inline SVG: a bar per bin, its count above it, its range below. */
function histogram(bins: number[]): string {
  const W = 560;
  const H = 220;
  const top = 24;
  const bottom = 36;
  const gap = 6;
  const bw = (W - gap * (bins.length + 1)) / bins.length;
  const most = Math.max(1, ...bins);
  const parts = [`<svg class="histogram" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="score histogram">`];
  bins.forEach((n, i) => {
    const x = gap + i * (bw + gap);
    const bh = ((H - top - bottom) * n) / most;
    const y = H - bottom - bh;
    const label = i === BINS - 1 ? '100%' : `${i * 10}–${i * 10 + 9}%`;
    parts.push(
      `<g class="bin" data-range="${label}" data-count="${n}"><title>${label}: ${n} student${n === 1 ? '' : 's'}</title>` +
        `<rect class="${i === BINS - 1 ? 'col full' : 'col'}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${bw.toFixed(1)}" height="${Math.max(bh, n ? 1 : 0).toFixed(1)}" rx="3"></rect>` +
        `<text class="count" x="${(x + bw / 2).toFixed(1)}" y="${(y - 6).toFixed(1)}" text-anchor="middle">${n}</text>` +
        `<text class="axis" x="${(x + bw / 2).toFixed(1)}" y="${H - bottom + 16}" text-anchor="middle">${i === BINS - 1 ? '100' : i * 10}</text></g>`,
    );
  });
  parts.push(`<line x1="0" x2="${W}" y1="${H - bottom}" y2="${H - bottom}" class="baseline"></line>`);
  parts.push(`<text class="axis" x="${W / 2}" y="${H - 4}" text-anchor="middle">% of the points</text></svg>`);
  return parts.join('');
}

/** The source line a failed check points at, trimmed: what the student wrote there. Undefined without an excerpt. */
function writtenAt(excerpts: readonly Excerpt[] | undefined, c: CheckResult): string | undefined {
  if (!excerpts || !c.location) return undefined;
  const { file, line } = c.location;
  for (const e of excerpts) {
    if (e.file === file && line >= e.line && line < e.line + e.lines.length) {
      const text = e.lines[line - e.line]!.trim().replace(/^-\s+/, '- ');
      // A document marker or a blank line says nothing about what was written (a whole-file finding).
      return text && text !== '---' && text !== '...' ? shorten(text, 80) : undefined;
    }
  }
  return undefined;
}

// ---- a student ---------------------------------------------------------------------------------

function studentBody(r: Report, name: string, hTag: 'h1' | 'h3', compact = false): string {
  const parts: string[] = [];
  const lost = r.maxScore - r.score;
  parts.push(
    `<header class="who"><${hTag}>${h(name)}</${hTag}><div class="score ${lost > 0 ? 'lost' : 'ok'}">${fmt(r.score)}<span>/${fmt(r.maxScore)}</span></div></header>`,
    `<p class="dim">${h(r.dir)}${r.env ? ` · env ${h(r.env)}` : ''}${r.usernameInfo.note ? ` · ${h(r.usernameInfo.note)}` : ''}</p>`,
  );
  if (r.deadline) parts.push(deadlineBox(r));

  const { byFile: rows, unlocated } = findingsByFile(r);
  const files = [...new Set([...rows.keys(), ...r.files])].sort();
  if (files.length === 0) parts.push('<p class="warn">No .yml or .yaml file was found.</p>');
  for (const file of files) {
    const list = rows.get(file);
    const roles = r.roles.filter((a) => a.file === file).map((a) => a.role);
    const tag = roles.length ? ` <span class="role">${roles.map(h).join(', ')}</span>` : '';
    if (!list) {
      parts.push(`<div class="file ok"><span class="mark">✓</span> <code>${h(file)}</code>${tag}</div>`);
      continue;
    }
    parts.push(`<div class="file bad"><div class="fname"><span class="mark">✗</span> <code>${h(file)}</code>${tag}</div>`);
    parts.push(sourceWithFindings(file, list, r.excerpts ?? []));
    parts.push('</div>');
  }
  if (unlocated.length) {
    parts.push('<div class="file bad"><div class="fname"><span class="mark">✗</span> not found in any file</div><div class="notes">');
    for (const row of unlocated) parts.push(findingBox(row));
    parts.push('</div></div>');
  }

  if (compact) return parts.join('\n'); // the class page: what failed; the student's own page (with --out) also lists every check
  parts.push(`<details class="all"><summary>every check (${r.checks.length})</summary><table class="checks"><tbody>`);
  for (const c of r.checks) {
    const mark = c.status === 'pass' ? '<span class="pass">✓</span>' : c.status === 'skip' ? '<span class="dim">–</span>' : '<span class="fail">✗</span>';
    parts.push(`<tr><td>${mark}</td><td><code>${h(c.id)}</code></td><td class="num">${fmt(c.points)}/${fmt(c.maxPoints)}</td><td>${h(c.message)}</td></tr>`);
  }
  parts.push('</tbody></table></details>');
  return parts.join('\n');
}

/** The lines of the file the findings point at, each finding right under its line; findings outside the excerpts listed after. */
function sourceWithFindings(file: string, list: Row[], excerpts: readonly Excerpt[]): string {
  const byLine = new Map<number, Row[]>();
  for (const row of list) {
    const l = row.finding.location!.line;
    byLine.set(l, [...(byLine.get(l) ?? []), row]);
  }
  for (const rs of byLine.values()) rs.sort((a, b) => a.finding.location!.column - b.finding.location!.column);
  const shown = new Set<number>();
  const parts: string[] = [];
  for (const e of excerpts.filter((x) => x.file === file)) {
    parts.push('<table class="code"><tbody>');
    e.lines.forEach((text, k) => {
      const n = e.line + k;
      const here = byLine.get(n);
      parts.push(`<tr class="${here ? 'line hit' : 'line'}"><td class="ln">${n}</td><td class="src"><code>${h(text) || ' '}</code></td></tr>`);
      if (!here) return;
      shown.add(n);
      for (const row of here) {
        parts.push(`<tr class="note"><td class="ln"></td><td><div class="caret" style="padding-left:${Math.max(0, row.finding.location!.column - 1)}ch">^</div>${findingBox(row)}</td></tr>`);
      }
    });
    parts.push('</tbody></table>');
  }
  const rest = [...byLine].filter(([n]) => !shown.has(n)).sort((a, b) => a[0] - b[0]);
  if (rest.length) {
    parts.push('<div class="notes">');
    for (const [, rs] of rest) for (const row of rs) parts.push(findingBox(row, true));
    parts.push('</div>');
  }
  return parts.join('\n');
}

function findingBox({ check, finding }: Row, withLine = false): string {
  const loc = finding.location;
  const where = withLine && loc ? `<span class="loc">line ${loc.line}:${loc.column}</span> ` : '';
  const pts = check.maxPoints > 0 ? `−${fmt(check.maxPoints)}` : '0 points';
  return (
    `<div class="finding">${where}<span class="msg">${h(finding.message)}</span> <code class="id">${h(check.id)}</code> <span class="pts">${pts}</span>` +
    (finding.hint ? `<div class="hint">→ ${h(finding.hint)}</div>` : '') +
    '</div>'
  );
}

function deadlineBox(r: Report): string {
  const d = r.deadline!;
  const parts = ['<div class="deadline">'];
  parts.push(`<div><strong>deadline</strong> ${h(deadlineTime(d.at, r))}</div>`);
  if (d.commit) parts.push(`<div><strong>graded</strong> commit <code>${h(d.commit.slice(0, 12))}</code> of ${h(d.time ? deadlineTime(d.time, r) : '')}${d.lateBy ? ` <span class="late">${h(duration(d.lateBy))} late</span>` : ' <span class="pass">on time</span>'}</div>`);
  if (d.note) parts.push(`<div class="note">${h(d.note)}</div>`);
  const late = lateLine(r);
  if (late) parts.push(`<div class="late">${h(late)}</div>`);
  if (d.lateCommitCount) {
    parts.push(`<details><summary>${d.lateCommitCount} commit${d.lateCommitCount === 1 ? '' : 's'} after the deadline</summary><ul class="commits">`);
    for (const c of d.lateCommits) parts.push(`<li><code>${h(c.commit.slice(0, 12))}</code> ${h(deadlineTime(c.time, r))} <span class="late">+${h(duration(c.lateBy))}</span> ${h(c.subject)}</li>`);
    if (d.lateCommitCount > d.lateCommits.length) parts.push(`<li class="dim">and ${d.lateCommitCount - d.lateCommits.length} more</li>`);
    parts.push('</ul></details>');
  }
  parts.push('</div>');
  return parts.join('');
}

function handedIn(r: Report): string {
  const d = r.deadline;
  if (!d) return '';
  if (!d.repository) return '<span class="dim">folder</span>';
  if (!d.commit) return '<span class="late">nothing on time</span>';
  const late = d.lateBy ? ` <span class="late">${h(duration(d.lateBy))} late</span>` : '';
  const after = d.lateCommitCount ? ` <span class="dim">+${d.lateCommitCount} after</span>` : '';
  return `<code>${h(d.commit.slice(0, 8))}</code>${late}${after}`;
}

// ---- small pieces ------------------------------------------------------------------------------

function binOf(score: number, maxScore: number): number {
  if (maxScore <= 0) return 0;
  if (score >= maxScore) return BINS - 1;
  return Math.max(0, Math.min(BINS - 2, Math.floor((10 * score) / maxScore)));
}

function meter(score: number, maxScore: number): string {
  const p = maxScore > 0 ? Math.max(0, Math.min(100, (100 * score) / maxScore)) : 0;
  return `<span class="bar score"><span style="width:${p.toFixed(1)}%"></span></span>`;
}

/** A file name for a student's page: letters, digits, `._-` only, never hidden, unique in the run. */
function uniqueSlug(name: string, taken: Set<string>): string {
  const base = marked(name, name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 60) || 'student');
  let slug = base;
  for (let i = 2; taken.has(slug.toLowerCase()); i++) slug = `${base}-${i}`;
  taken.add(slug.toLowerCase());
  return slug;
}

const round = (n: number) => Math.round(n * 100) / 100;
const fmt = (n: number) => String(round(n));
const pct = (n: number, of: number) => `${of ? Math.round((100 * n) / of) : 0}%`;

function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.max(1, Math.round(s / 60))}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

function documentStart(title: string, heading: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="top">${heading}</header>
`;
}

function documentEnd(): string {
  return '<footer class="dim">made by kubegrade · nothing on this page was loaded from the network</footer>\n</body>\n</html>\n';
}

const CSS = `
:root{--fg:#1f2328;--dim:#656d76;--line:#d8dee4;--bg:#fff;--panel:#f6f8fa;--bad:#cf222e;--badbg:#ffebe9;--ok:#1a7f37;--okbg:#dafbe1;--accent:#0969da;--warn:#9a6700;--warnbg:#fff8c5}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1100px;padding:24px 28px 48px;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:var(--bg)}
code,.src{font-family:ui-monospace,SFMono-Regular,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:13px;unicode-bidi:isolate}
h1{font-size:26px;margin:0}h2{font-size:17px;margin:0 0 10px}h3{font-size:15px;margin:0 0 6px}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
.top{border-bottom:1px solid var(--line);padding-bottom:12px;margin-bottom:18px}.sub{margin:2px 0 0;color:var(--dim)}
.stack{display:flex;flex-direction:column;gap:22px}.summary{order:-1;display:flex;flex-direction:column;gap:18px}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 18px;min-width:110px}
.card .v{font-size:24px;font-weight:650}.card .k{color:var(--dim);font-size:13px}
.panels{display:flex;flex-direction:column;gap:18px}
.panel{border:1px solid var(--line);border-radius:8px;padding:14px 16px;background:var(--bg)}
.histogram{max-width:720px;display:block}.histogram .col{fill:#54aeff}.histogram .col.full{fill:#2da44e}.histogram .count{font-size:13px;font-weight:600;fill:var(--fg)}.histogram .axis{font-size:11px;fill:var(--dim)}.histogram .baseline{stroke:var(--line)}
table{border-collapse:collapse;width:100%}th{text-align:left;font-weight:600;color:var(--dim);font-size:13px;border-bottom:1px solid var(--line);padding:4px 8px}
td{padding:5px 8px;border-bottom:1px solid #eef1f4;vertical-align:top}.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.failures td .dim{font-size:12px}.failures td:first-child{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}.rate{white-space:nowrap;width:170px}
.bar{display:inline-block;width:90px;height:8px;background:#eef1f4;border-radius:4px;overflow:hidden;vertical-align:middle}.bar>span{display:block;height:100%;background:var(--bad)}.bar.score>span{background:var(--accent)}
.dim{color:var(--dim)}.warn{color:var(--warn)}.pass{color:var(--ok)}.fail{color:var(--bad)}.late{color:var(--bad);font-weight:500}
.warning{background:var(--warnbg);border:1px solid #d4a72c;border-radius:8px;padding:10px 14px}
.values{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:14px}.valuebox{background:var(--panel);border-radius:6px;padding:10px 12px}.vals td{border:0;padding:2px 6px}
.vals td:first-child{width:62%}.vals code.src{white-space:pre-wrap;overflow-wrap:anywhere}
.roster td:first-child{font-weight:500}
.student{border-top:2px solid var(--line);padding-top:14px;margin-top:10px}
.who{display:flex;align-items:baseline;justify-content:space-between;gap:12px}.score{font-size:26px;font-weight:700}.score span{font-size:16px;color:var(--dim);font-weight:500}.score.lost{color:var(--bad)}.score.ok{color:var(--ok)}
.deadline{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 14px;margin:10px 0;display:flex;flex-direction:column;gap:3px}
.commits{margin:6px 0 0;padding-left:18px}.commits li{margin:2px 0}
.file{margin:10px 0}.file.ok{color:var(--dim)}.file .mark{display:inline-block;width:1.2em}.file.ok .mark{color:var(--ok)}.file.bad .mark{color:var(--bad)}
.fname{font-weight:600;margin-bottom:6px}.role{font-size:12px;color:var(--dim);font-weight:400;background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:0 8px}
.code{border:1px solid var(--line);border-radius:6px;overflow:hidden;margin:4px 0 10px;background:#fff;table-layout:fixed}
.code td{border:0;padding:0 10px;line-height:20px}.code .ln{width:52px;text-align:right;color:#8c959f;background:var(--panel);user-select:none;font-family:ui-monospace,monospace;font-size:12px}
.code .src code{white-space:pre;tab-size:1}.code tr.hit .src{background:var(--badbg)}.code tr.hit .ln{background:#ffcecb;color:var(--bad);font-weight:600}
.note td{padding:0 10px 8px}.caret{font-family:ui-monospace,SFMono-Regular,"DejaVu Sans Mono",Menlo,monospace;font-size:13px;color:var(--bad);line-height:14px;font-weight:700}
.finding{border-left:3px solid var(--bad);background:#fff5f5;border-radius:0 6px 6px 0;padding:6px 10px;margin:2px 0 4px}
.finding .id{color:var(--dim);font-size:12px}.finding .pts{color:var(--bad);font-size:12px;font-weight:600}.finding .loc{color:var(--dim);font-family:ui-monospace,monospace;font-size:12px}
.hint{color:var(--warn);margin-top:2px}.notes{margin:4px 0 10px}
details.all{margin-top:12px}details summary{cursor:pointer;color:var(--accent)}.checks td{font-size:13px}
.crumbs{margin:0 0 6px}footer{margin-top:36px;font-size:12px}
td,code,.msg,.hint,.dim,h1,h3{overflow-wrap:anywhere}
details.student{border-top:1px solid var(--line);padding:6px 0}details.student>summary{font-weight:500}details.student[open]{padding-bottom:14px}
.absent td,.student.absent{color:var(--dim)}
@media (max-width:640px){body{padding:12px 10px 32px}.values{grid-template-columns:1fr}.rate{width:auto}.bar{width:48px}.failures td:first-child{display:block}
.roster,.failures,.checks,.code{display:block;overflow-x:auto}.code .src code{white-space:pre-wrap}.histogram{max-width:100%}.card{min-width:0;padding:8px 12px}}
`;
