/**
 * Feedback a TA can send a student, in Markdown: the score, what to fix
 * (each finding with its file:line:column and the hint), what is noted but
 * not scored, and what passed. Also a fine GitHub job summary
 * (`--format markdown >> "$GITHUB_STEP_SUMMARY"`).
 *
 * On stdout every student's feedback follows the other's. With `batch --out
 * DIR` each student gets a file of their own, DIR/feedback/<folder>.md, and
 * the main file (feedback.md) is an index of them. Student text is escaped
 * for Markdown (src/util/escape.ts): it can add no markup, no HTML, and
 * break no table.
 */
import type { CheckResult, Finding, Report } from '../types.js';
import { forMarkdown, forMarkdownCode } from '../util/escape.js';
import { fileNamer, studentLabel } from './names.js';
import { absent, deadlineTime, lateLine, points, writeOwnFile } from './common.js';
import type { Reporter } from './types.js';

const FEEDBACK_DIR = 'feedback';

export const markdown: Reporter = {
  name: 'markdown',
  description: 'feedback per student in Markdown (what to fix, with lines and hints; what passed); batch --out: a file per student',
  fileName: 'feedback.md',
  create(out, options) {
    const dir = options.outDir ? FEEDBACK_DIR : undefined;
    const name = fileNamer();
    let first = true;
    if (dir) {
      out.write('# Feedback\n\n| student | score | feedback |\n|---|---|---|\n');
    }
    return {
      write(r) {
        const text = feedback(r);
        if (dir) {
          const file = name(r, '.md');
          writeOwnFile(options, `${dir}/${file}`, text);
          out.write(`| ${forMarkdown(studentLabel(r))} | ${scoreText(r)} | [${forMarkdown(file)}](${FEEDBACK_DIR}/${encodeURIComponent(file)}) |\n`);
          return;
        }
        out.write((first ? '' : '\n---\n\n') + text);
        first = false;
      },
      flush() {},
    };
  },
};

const scoreText = (r: Report) => (r.error !== undefined ? 'not graded' : absent(r) !== undefined ? `no submission (0/${r.maxScore})` : `${points(r.score)}/${r.maxScore}`);

/** One student's feedback, whole. */
export function feedback(r: Report): string {
  const out: string[] = [];
  const who = studentLabel(r);
  const user = r.username && r.username !== who ? ` (${forMarkdown(r.username)})` : '';
  out.push(`## ${forMarkdown(r.rubric.title ?? r.rubric.name)}: ${forMarkdown(who)}${user}`, '');
  const none = absent(r);
  if (none !== undefined) {
    out.push(`**Score: 0/${r.maxScore}** — ${forMarkdown(none)}.`, '');
    return out.join('\n');
  }
  if (r.error !== undefined) {
    out.push(`**Not graded**: ${forMarkdown(r.error)}. Your instructor will look at it.`, '');
    return out.join('\n');
  }
  const scored = r.checks.filter((c) => c.status !== 'skip');
  const lost = scored.filter((c) => c.maxPoints > 0 && (c.status === 'fail' || c.status === 'error'));
  const notes = scored.filter((c) => c.maxPoints === 0 && (c.status === 'fail' || c.status === 'error'));
  const passed = scored.filter((c) => c.status === 'pass');
  const late = lateLine(r);
  const before = late ? r.deadline!.penalty!.scoreBefore : r.score;
  const toRecover = Math.round((r.maxScore - before) * 100) / 100;
  out.push(`**Score: ${points(r.score)}/${r.maxScore}**${toRecover <= 0 ? (late ? ' — every check passed.' : ' — full marks.') : ` — ${points(toRecover)} point${toRecover === 1 ? '' : 's'} to recover in ${lost.length} check${lost.length === 1 ? '' : 's'}.`}`, '');
  if (late) out.push(`> ${forMarkdown(late[0]!.toUpperCase() + late.slice(1))}.`, '');
  if (r.deadline?.commit) out.push(`> Graded commit ${forMarkdownCode(r.deadline.commit.slice(0, 12))} of ${forMarkdown(deadlineTime(r.deadline.time ?? '', r))} (deadline ${forMarkdown(deadlineTime(r.deadline.at, r))}).`, '');
  if (r.usernameInfo.note) out.push(`> ${forMarkdown(r.usernameInfo.note)}`, '');

  if (lost.length) {
    out.push('### What to fix', '');
    for (const c of lost) out.push(...checkBlock(c));
  }
  if (notes.length) {
    out.push('### Noted, not scored', '');
    for (const c of notes) out.push(...checkBlock(c));
  }
  if (passed.length) {
    out.push(`### What passed (${passed.length})`, '');
    for (const c of passed) out.push(`- ${forMarkdown(c.title)} ${forMarkdownCode(c.id)}${c.maxPoints ? ` (${c.points}/${c.maxPoints})` : ''}`);
    out.push('');
  }
  const notRun = r.checks.filter((c) => c.status === 'skip').length;
  if (notRun) out.push(`_${notRun} check${notRun === 1 ? '' : 's'} not run (the live checks need a cluster)._`, '');
  return out.join('\n');
}

function checkBlock(c: CheckResult): string[] {
  const lines = [`- **${forMarkdown(c.title)}** ${forMarkdownCode(c.id)} (${c.points}/${c.maxPoints})`];
  const findings: Finding[] = c.findings ?? [{ message: c.message, location: c.location, hint: c.hint }];
  for (const f of findings) {
    const where = f.location ? `${forMarkdownCode(`${f.location.file}:${f.location.line}:${f.location.column}`)} ` : '';
    lines.push(`  - ${where}${forMarkdown(f.message)}`);
    const hint = f.hint ?? c.hint;
    if (hint) lines.push(`    - fix: ${forMarkdown(hint)}`);
  }
  lines.push('');
  return lines;
}
