/**
 * GitHub Actions workflow commands: one `::error` annotation per finding, on
 * the file, line and column at fault, so a pull request shows it inline.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
import { isAbsolute, relative } from 'node:path';
import type { CheckResult, Finding } from '../types.js';
import type { Reporter } from './types.js';

/** Escaping of workflow command data and properties (as @actions/core does). */
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export const github: Reporter = {
  name: 'github',
  description: 'GitHub Actions annotations (::error file=…,line=…,col=…) and a summary line',
  create(stream) {
    return {
      write(r) {
        const out: string[] = [];
      // Annotations name files relative to the workspace (the current folder in an Action).
        const dir = isAbsolute(r.dir) ? relative(process.cwd(), r.dir) : r.dir;
        const prefix = dir && dir !== '.' ? dir.replace(/\/+$/, '') + '/' : '';
        for (const c of r.checks) {
          if (c.status !== 'fail' && c.status !== 'error') continue;
          const findings: Finding[] = c.findings ?? [{ message: c.message, location: c.location, hint: c.hint }];
          for (const f of findings) out.push(annotation(c, f, prefix));
        }
        out.push(`::notice title=kubegrade${r.username ? ` (${prop(r.username)})` : ''}::${data(`score ${r.score}/${r.maxScore}`)}`);
        stream.write(out.join('\n') + '\n');
      },
      flush() {},
    };
  },
};

function annotation(c: CheckResult, f: Finding, prefix: string): string {
  const level = c.maxPoints > 0 ? 'error' : 'warning';
  const props = [`title=${prop(`${c.id} (${c.points}/${c.maxPoints})`)}`];
  if (f.location) {
    props.unshift(`file=${prop(prefix + f.location.file)}`, `line=${f.location.line}`, `col=${f.location.column}`);
  }
  const hint = f.hint ?? c.hint;
  return `::${level} ${props.join(',')}::${data(f.message + (hint ? `\nhint: ${hint}` : ''))}`;
}
