/** What `kubegrade fix` does (./fix.ts registers it). */
import { createTwoFilesPatch } from 'diff';
import { join } from 'node:path';
import { discover } from '../discover/index.js';
import { noSubmissionReason } from '../grade.js';
import { planFixes, type FixPlan } from '../fix/index.js';
import { uncommitted, writePlan } from '../fix/write.js';
import { UsageError } from '../util/errors.js';
import { forShell, forTerminal, forTerminalLine } from '../util/escape.js';
import { severalSubmissions } from './class-folder.js';
import type { Io } from './common.js';

export interface FixCli {
  username?: string;
  env?: string;
  rubric?: string;
  set: string[];
  dryRun?: boolean;
  only?: string[];
  force?: boolean;
}

export function runFix(dir: string, o: FixCli, io: Io, setExit: (code: number) => void): void {
  const source = discover(dir);
  if (source.names.length === 0) throw new UsageError(`${noSubmissionReason(dir, source)}: nothing to fix`);
  // One submission at a time, never across: the parent folder of a class, or of one student's
  // homework06/ and homework07/, is refused (dry run too), naming the folder to give instead.
  const several = severalSubmissions(source.names);
  if (several) {
    const one = dir === '.' ? several.folders[0]! : join(dir, several.folders[0]!);
    throw new UsageError(`${dir === '.' ? 'this folder' : dir} ${several.what}: kubegrade fix works on one submission at a time; give its folder, e.g. kubegrade fix ${forShell(one)}`);
  }
  if (!o.dryRun && !o.force) {
    const dirty = uncommitted(dir, source);
    if (dirty && dirty.length > 0) {
      const shown = dirty.slice(0, 3).join(', ') + (dirty.length > 3 ? `, and ${dirty.length - 3} more` : '');
      throw new UsageError(`${dir} has uncommitted changes (${dirty.length} YAML file${dirty.length === 1 ? '' : 's'} differ from the last commit: ${shown}): commit them first so that git diff shows what kubegrade fix changes, or pass --force`);
    }
  }
  const plan = planFixes(dir, { username: o.username, env: o.env, rubric: o.rubric, set: o.set, only: o.only, source });
  if (o.dryRun) io.stdout(diffOf(plan));
  else writePlan(dir, plan);
  io.stdout(summary(plan, Boolean(o.dryRun)));
  setExit(plan.after.score === plan.after.maxScore ? 0 : 1);
}

/** The plan as a unified diff, renames as git writes them (a file name on one line: a line break in it shown as \n). */
export function diffOf(plan: FixPlan): string {
  const out: string[] = [];
  const changed = new Set<string>();
  const name = forTerminalLine;
  for (const [to, c] of plan.changed) {
    changed.add(c.from);
    out.push(createTwoFilesPatch(`a/${name(c.from)}`, `b/${name(to)}`, c.before, c.after, undefined, undefined, { context: 3 }).replace(/^=+\n/, ''));
  }
  for (const r of plan.renames) if (!changed.has(r.from)) out.push(`rename from ${name(r.from)}\nrename to ${name(r.to)}\n`);
  return out.map((s) => forTerminal(s)).join('');
}

function summary(plan: FixPlan, dry: boolean): string {
  const lines: string[] = [];
  const verb = dry ? 'would fix' : 'fixed';
  for (const a of plan.applied) lines.push(`${verb} ${a.id} (+${a.gained})${a.hint ? `: ${a.hint}` : ''}`);
  for (const r of plan.renames) lines.push(`${dry ? 'would rename' : 'renamed'} ${r.from} → ${r.to}`);
  for (const r of plan.refused) lines.push(`not fixed ${r.id}: ${r.reason}`);
  for (const n of plan.notes) lines.push(`note: ${n}`);
  const left = plan.after.checks.filter((c) => c.status === 'fail');
  const manual = left.filter((c) => !plan.refused.some((r) => r.id === c.id));
  if (manual.length > 0) lines.push(`left to you (${manual.length}): ${manual.map((c) => c.id).join(', ')} (kubegrade check says how)`);
  lines.push(`score ${plan.before.score}/${plan.before.maxScore} → ${plan.after.score}/${plan.after.maxScore}${dry ? ' (dry run: nothing written)' : ''}`);
  return lines.map((l) => forTerminalLine(l)).join('\n') + '\n';
}
