/**
 * Markdown, for a GitHub job summary ($GITHUB_STEP_SUMMARY) or a comment:
 * the score, then a table of what lost points, with file:line links as text.
 */
import type { Reporter } from './types.js';

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export const markdown: Reporter = {
  name: 'markdown',
  description: 'a Markdown summary (for $GITHUB_STEP_SUMMARY): the score and a table of what lost points',
  create(stream) {
    let first = true;
    return {
      write(r) {
        const out: string[] = [];
        out.push(`### kubegrade: ${r.username || 'unknown user'} · ${r.score}/${r.maxScore}`, '');
        const failed = r.checks.filter((c) => c.status === 'fail' || c.status === 'error');
        if (failed.length === 0) out.push('Full marks.', '');
        else {
          out.push('| check | where | what | fix |', '|---|---|---|---|');
          for (const c of failed) {
            const where = c.location ? `\`${c.location.file}:${c.location.line}:${c.location.column}\`` : '';
            out.push(`| \`${c.id}\` (${c.points}/${c.maxPoints}) | ${where} | ${esc(c.message)} | ${esc(c.hint ?? '')} |`);
          }
          out.push('');
        }
        stream.write((first ? '' : '\n') + out.join('\n'));
        first = false;
      },
      flush() {},
    };
  },
};
