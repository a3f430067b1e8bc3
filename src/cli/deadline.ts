/** `batch --deadline <time> [--late-policy <policy>]`: the options, and what they become for gradeEach. */
import type { Command } from 'commander';
import { parseDeadline, type DeadlineOptions } from '../batch/deadline.js';
import { zoneOffset } from '../util/zone.js';
import { parseLatePolicy } from '../score/late.js';
import { UsageError } from '../util/errors.js';

export interface DeadlineCli {
  deadline?: string;
  latePolicy?: string;
}

export function deadlineOptions(cmd: Command): Command {
  return cmd
    .option('--deadline <time>', 'grade each git repository as of its last commit at or before this ISO 8601 time with zone (committer time), e.g. 2026-10-15T23:59:00-05:00; other folders as they are')
    .option('--late-policy <policy>', 'with --deadline: grade the latest commit with a penalty when it scores better, e.g. "10%/day, 0 after 3d" (of the points possible; also /hour, max 50%)');
}

/** The batch's deadline options, or undefined without --deadline; a usage error for a bad time or policy. */
export function deadlineFrom(o: DeadlineCli): DeadlineOptions | undefined {
  if (o.latePolicy !== undefined && o.deadline === undefined) throw new UsageError('--late-policy goes with --deadline <time>');
  if (o.deadline === undefined) return undefined;
  const d: DeadlineOptions = { at: parseDeadline(o.deadline), offsetMinutes: zoneOffset(o.deadline) };
  if (o.latePolicy !== undefined) d.latePolicy = parseLatePolicy(o.latePolicy);
  return d;
}
