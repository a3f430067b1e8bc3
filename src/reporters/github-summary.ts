/**
 * A GitHub job summary ($GITHUB_STEP_SUMMARY), in Markdown: what the kubegrade
 * Action writes, and `--format github-summary >> "$GITHUB_STEP_SUMMARY"`:
 * the score, then every finding that lost points (the costliest checks first),
 * each with file:line:column, what is wrong and the fix.
 *
 * Bounded whatever the input: GitHub refuses a step summary over 1 MiB, so
 * the whole run stays under `extra.maxBytes` (default 1,000,000 bytes); what
 * does not fit is counted in a last line. Student text is shortened and
 * escaped (src/util/escape.ts), so it can neither add markup, HTML included,
 * nor break a table row.
 */
import { forMarkdown, forMarkdownCode, shorten } from '../util/escape.js';
import { countFindings } from '../types.js';
import { findingsOf, lost } from './common.js';
import type { Reporter } from './types.js';

export const SUMMARY_MAX_BYTES = 1_000_000;
/** Room kept for the lines that say what was left out. */
const RESERVE = 2048;

const cell = (s: string, max: number) => forMarkdown(shorten(s, max));

export const githubSummary: Reporter = {
  name: 'github-summary',
  description: 'a GitHub job summary ($GITHUB_STEP_SUMMARY): the score and every finding that lost points, in Markdown, under 1 MiB',
  create(stream, options) {
    const raw = Number(options.extra?.maxBytes);
    const budget = Number.isFinite(raw) && raw > RESERVE * 2 ? raw : SUMMARY_MAX_BYTES;
    let used = 0;
    let reportsLeftOut = 0;
    /** Set once a report did not fit: the ones after it are only counted. */
    let full = false;
    const put = (s: string) => {
      used += Buffer.byteLength(s);
      stream.write(s);
    };
    return {
      write(r) {
        const head = `${used ? '\n' : ''}### kubegrade: ${r.username ? forMarkdown(shorten(r.username, 80)) : 'unknown user'} · ${r.score}/${r.maxScore}\n\n`;
        if (full || used + Buffer.byteLength(head) > budget - RESERVE) {
          reportsLeftOut++;
          return;
        }
        put(head);
        if (r.usernameInfo?.inferred) put(`> Graded as ${forMarkdown(shorten(r.username, 80))}; the files say ${forMarkdown(shorten(r.usernameInfo.inferred, 80))}.\n\n`);
        if (r.error !== undefined) {
          put(`Not graded: ${cell(r.error, 2000)}\n`);
          return;
        }
        const failed = r.checks.filter(lost).sort((a, b) => b.maxPoints - b.points - (a.maxPoints - a.points));
        if (failed.length === 0) {
          put('Full marks.\n');
          return;
        }
        const pointsLost = r.maxScore - r.score;
        put(`${pointsLost} point${pointsLost === 1 ? '' : 's'} lost in ${failed.length} check${failed.length === 1 ? '' : 's'}.\n\n| points | check | where | what | fix |\n|---|---|---|---|---|\n`);
        // Findings are counted as the report counts them: its "(and N more findings, not listed)" entry is N.
        let total = 0;
        let shownCount = 0;
        for (const c of failed) total += countFindings(findingsOf(c));
        outer: for (const c of failed) {
          const points = `−${c.maxPoints - c.points} (${c.points}/${c.maxPoints})`;
          for (const f of findingsOf(c)) {
            // A file name is student text: in a cell, as text (`|`, `&`, `<` escaped), monospaced.
            const where = f.location ? `<code>${cell(`${f.location.file}:${f.location.line}:${f.location.column}`, 160)}</code>` : '';
            const row = `| ${points} | ${forMarkdownCode(c.id)} | ${where} | ${cell(f.message, 300)} | ${f.leftOut ? '' : cell(f.hint ?? c.hint ?? '', 300)} |\n`;
            if (used + Buffer.byteLength(row) > budget - RESERVE) break outer;
            put(row);
            shownCount += f.leftOut ?? 1;
          }
        }
        const rest = total - shownCount;
        if (rest > 0) {
          full = true;
          put(`\n… and ${rest} more finding${rest === 1 ? '' : 's'} not shown here (the summary is kept under 1 MiB): \`kubegrade check --format json\` lists the rest.\n`);
        }
      },
      flush() {
        if (reportsLeftOut) put(`\n… and ${reportsLeftOut} more submission${reportsLeftOut === 1 ? '' : 's'} not shown here (the summary is kept under 1 MiB).\n`);
      },
    };
  },
};
