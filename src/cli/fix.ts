/**
 * `kubegrade fix [DIR] [--dry-run] [--only ID...] [--force]`: applies the certain fixes (like
 * `eslint --fix`), keeping every comment and untouched byte; `--dry-run` prints them as a unified
 * diff and changes nothing. Refuses a git work tree with uncommitted changes unless --force, so
 * that `git diff` shows exactly what kubegrade changed and `git checkout .` undoes it.
 *
 * Only the command is registered here; what it does (./fix-run.ts: the planner, the writer, the
 * diff library, node:crypto and node:child_process) is loaded when it runs, not by every start.
 */
import type { Command } from 'commander';
import { collect, type Io } from './common.js';
import type { FixCli } from './fix-run.js';

export function registerFix(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('fix')
    .argument('[dir]', 'the submission folder', '.')
    .option('-u, --username <name>', 'the student\'s username (inferred from file names and labels when absent)')
    .option('-e, --env <env>', 'the environment (default: the rubric\'s, "test")')
    .option('-r, --rubric <file>', 'a rubric file')
    .option('-s, --set <key=value>', 'override a rubric parameter (repeatable)', collect, [] as string[])
    .option('-n, --dry-run', 'print the changes as a unified diff and change nothing')
    .option('--only <id...>', 'only the fixes of these check ids (kubegrade explain --list)')
    .option('--force', 'write even in a git work tree with uncommitted changes')
    .description('apply the fixes kubegrade is certain of (comments and layout kept); --dry-run shows them as a diff')
    .action(async (dir: string, o: FixCli) => (await import('./fix-run.js')).runFix(dir, o, io, setExit));
}
