/**
 * GitHub Actions workflow commands: `::error` annotations on the file, line
 * and column at fault, so a pull request shows them inline, within GitHub's
 * caps (10 annotations per level per step, 50 per job): the findings worth the
 * most points first, one per cause and line, then one `::notice` saying how
 * many more the job summary lists (`--format github-summary`, the Action's summary).
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 *
 * Options (`extra`): `annotations`, how many per level (default 10, as GitHub shows);
 * `used.error`, `used.warning`, `used.notice`: how many of each level the
 * step wrote before (the kubegrade Action's own lines), counted in the cap.
 */
import type { CheckResult, Finding, Report } from '../types.js';
import { shorten } from '../util/escape.js';
import { findingsOf, lost, submissionPrefix } from './common.js';
import type { Reporter } from './types.js';

/** GitHub shows at most this many annotations of one level per step. */
export const GITHUB_ANNOTATIONS_PER_LEVEL = 10;

/** Escaping of workflow command data and properties (as @actions/core does). */
export const commandData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
export const commandProp = (s: string) => commandData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

type Level = 'error' | 'warning';
export interface Annotation {
  level: Level;
  check: CheckResult;
  finding: Finding;
  /** Other findings of the same check on the same line, folded into this one. */
  folded: number;
}

/**
 * The annotations of one report, best first: checks by the points they
 * lost (rubric order among equals), one finding of each check before the
 * second of any, and one annotation per check and line.
 */
export function annotationsOf(r: Report): Annotation[] {
  const failed = r.checks.filter(lost).sort((a, b) => b.maxPoints - b.points - (a.maxPoints - a.points));
  const perCheck = failed.map((c) => {
    const seen = new Map<string, Annotation>();
    const list: Annotation[] = [];
    for (const f of findingsOf(c)) {
      if (f.leftOut) continue; // a count of findings left out of the report, not a place at fault
      const key = f.location ? `${f.location.file}\0${f.location.line}` : '';
      const same = seen.get(key);
      if (same) {
        same.folded++;
        continue;
      }
      const a: Annotation = { level: c.maxPoints > 0 ? 'error' : 'warning', check: c, finding: f, folded: 0 };
      seen.set(key, a);
      list.push(a);
    }
    return list;
  });
  // One cause, one annotation: another check's finding with the same instruction at the same place
  // (a missing object fails nine checks) is folded into the first.
  const out: Annotation[] = [];
  const causes = new Map<string, Annotation>();
  for (let i = 0; perCheck.some((l) => i < l.length); i++) {
    for (const l of perCheck) {
      if (i >= l.length) continue;
      const a = l[i]!;
      const f = a.finding;
      const key = `${f.location ? `${f.location.file}\0${f.location.line}` : ''}\0${f.hint ?? a.check.hint ?? f.message}`;
      const same = causes.get(key);
      if (same) {
        same.folded += 1 + a.folded;
        continue;
      }
      causes.set(key, a);
      out.push(a);
    }
  }
  return out;
}

export function annotationCap(extra: Readonly<Record<string, string | undefined>> | undefined): number {
  const raw = extra?.annotations;
  if (raw === undefined || raw === '') return GITHUB_ANNOTATIONS_PER_LEVEL;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : GITHUB_ANNOTATIONS_PER_LEVEL;
}

/** Annotations of each level the step already wrote (`used.<level>` in `extra`). */
function usedOf(extra: Readonly<Record<string, string | undefined>> | undefined, level: 'error' | 'warning' | 'notice'): number {
  const n = Number(extra?.[`used.${level}`] ?? 0);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

export const github: Reporter = {
  name: 'github',
  description: 'GitHub Actions annotations (::error file=…,line=…,col=…), at most 10 per level, the costliest first, and a summary line',
  create(stream, options) {
    const cap = annotationCap(options.extra);
    const shown: Record<Level, number> = { error: usedOf(options.extra, 'error'), warning: usedOf(options.extra, 'warning') };
    let notices = usedOf(options.extra, 'notice');
    let more = 0;
    return {
      write(r) {
        const out: string[] = [];
        // Annotations name files relative to the workspace (the current folder in an Action).
        const prefix = submissionPrefix(r.dir);
        for (const a of annotationsOf(r)) {
          if (shown[a.level] < cap) {
            shown[a.level]++;
            out.push(annotation(a, prefix));
          } else more += 1;
        }
        // The score: one notice per submission, leaving room for the last one.
        if (notices < Math.max(cap - 1, cap > 0 ? 1 : 0)) {
          notices++;
          out.push(`::notice title=${commandProp(`kubegrade${r.username ? ` (${r.username})` : ''}`)}::${commandData(`score ${r.score}/${r.maxScore}`)}`);
        }
        if (out.length) stream.write(out.join('\n') + '\n');
      },
      flush() {
        if (more > 0 && cap > 0) {
          stream.write(
            `::notice title=kubegrade::${commandData(`${more} more finding${more === 1 ? '' : 's'} not annotated here (GitHub shows ${cap} per level): the job summary lists every finding (kubegrade check --format github-summary, or the kubegrade Action's summary)`)}\n`,
          );
        }
      },
    };
  },
};

function annotation(a: Annotation, prefix: string): string {
  const { check: c, finding: f } = a;
  const props = [`title=${commandProp(c.id)}`];
  if (f.location) props.unshift(`file=${commandProp(prefix + f.location.file)}`, `line=${f.location.line}`, `col=${f.location.column}`);
  const lost = c.maxPoints - c.points;
  const hint = f.hint ?? c.hint;
  const text = [
    `${shorten(f.message, 1000)}${a.folded ? ` (and ${a.folded} more on this line)` : ''}`,
    hint ? `hint: ${shorten(hint, 500)}` : '',
    lost > 0 ? `−${lost} point${lost === 1 ? '' : 's'} (${c.points}/${c.maxPoints})` : `${c.points}/${c.maxPoints}`,
  ].filter(Boolean);
  return `::${a.level} ${props.join(',')}::${commandData(text.join('\n'))}`;
}
