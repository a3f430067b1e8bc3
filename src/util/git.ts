/**
 * The one way kubegrade runs git (fix's uncommitted-changes test, discover's history reading, the
 * deadline code): never as a way to run a submission's configuration.
 *
 * A repository's own config (.git/config, and what it includes) can name programs git runs: clean,
 * smudge and process filters, textconv and external diff drivers, hooks, an fsmonitor, a pager,
 * credential helpers, an ssh command. kubegrade runs only plumbing that reads objects and refs
 * (rev-parse, rev-list, ls-tree, cat-file --batch, config --get-regexp) and never a porcelain
 * command that refreshes the index (status, diff): those run filters when a file's stat
 * information is dirty. On top of that, every call:
 *
 * - gets a clean environment: no GIT_* of the caller, HOME nowhere, GIT_CONFIG_NOSYSTEM=1,
 *   GIT_CONFIG_GLOBAL=/dev/null, no system attributes, no pager, no prompt, no network protocol;
 * - overrides on the command line (which wins over the repository's config) every setting that
 *   names a program: core.fsmonitor, core.hooksPath, core.pager, core.sshCommand, core.askPass,
 *   diff.external, credential.helper, core.attributesFile, and for every filter and diff driver
 *   the repository's config defines, `filter.<name>.clean/smudge/process` (empty) and
 *   `.required=false`, `diff.<name>.textconv/command` (empty);
 * - has a time limit and an output bound.
 */
import { spawnSync } from 'node:child_process';

/** Each git command's time limit. */
export const GIT_TIMEOUT_MS = 20_000;

/** Settings that name a program, disarmed; and settings that keep git from writing or fetching. */
const FIXED = [
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  'core.pager=cat',
  'core.sshCommand=',
  'core.askPass=',
  'core.editor=true',
  'core.attributesFile=/dev/null',
  'diff.external=',
  'credential.helper=',
  'safe.directory=*',
  'core.untrackedCache=false',
  'gc.auto=0',
  'maintenance.auto=false',
  'fetch.negotiationAlgorithm=noop',
  'protocol.allow=never',
  'core.alternateRefsCommand=',
  'log.showSignature=false',
  'gpg.program=',
  'uploadpack.packObjectsHook=',
];

export class GitError extends Error {}

/** Where git runs: a `.git` folder (GIT_DIR, no work tree), or a folder git finds its repository from. */
export type GitWhere = { gitDir: string } | { cwd: string };

/** The environment git runs with: the PATH to find it, and nothing of the caller's GIT_* or HOME. */
function gitEnv(where: GitWhere): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LC_ALL: 'C',
    HOME: '/nonexistent',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_ATTR_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_LITERAL_PATHSPECS: '1',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    // A list that names no real protocol: git may talk to no remote (a partial clone's lazy fetch included).
    GIT_ALLOW_PROTOCOL: 'none',
    GIT_PROTOCOL_FROM_USER: '0',
  };
  if ('gitDir' in where) env.GIT_DIR = where.gitDir;
  return env;
}

interface Raw {
  status: number | null;
  stdout: Buffer;
  stderr: Buffer;
  error?: Error;
}

function spawnGit(where: GitWhere, args: string[], options: { input?: string; maxBuffer?: number }): Raw {
  return spawnSync('git', args, {
    cwd: 'gitDir' in where ? where.gitDir : where.cwd,
    env: gitEnv(where),
    input: options.input,
    timeout: GIT_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    maxBuffer: options.maxBuffer ?? 16 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'pipe'],
    windowsHide: true,
  }) as Raw;
}

/** Drivers named in a repository's config, by where: computed once per repository. */
const driversOf = new Map<string, string[]>();

/**
 * `-c` overrides for every filter and diff driver the repository's config (and what it includes)
 * defines. `git config --get-regexp` reads config and runs nothing.
 */
function driverOverrides(where: GitWhere): string[] {
  const key = 'gitDir' in where ? `d:${where.gitDir}` : `c:${where.cwd}`;
  let cached = driversOf.get(key);
  if (!cached) {
    const r = spawnGit(where, [...FIXED.flatMap((c) => ['-c', c]), 'config', '--null', '--name-only', '--get-regexp', '^(filter|diff)\\.'], { maxBuffer: 1024 * 1024 });
    const names = new Set<string>();
    if (!r.error && r.status === 0) {
      for (const name of r.stdout.toString('utf8').split('\0')) {
        // filter.<name>.<key>, diff.<name>.<key>: <name> may hold dots; the key is the last segment.
        const first = name.indexOf('.');
        const last = name.lastIndexOf('.');
        if (first < 0 || last <= first) continue;
        names.add(`${name.slice(0, first).toLowerCase()}\0${name.slice(first + 1, last)}`);
      }
    }
    cached = [...names].flatMap((n) => {
      const [section, driver] = n.split('\0') as [string, string];
      return section === 'filter'
        ? [`filter.${driver}.clean=`, `filter.${driver}.smudge=`, `filter.${driver}.process=`, `filter.${driver}.required=false`]
        : [`diff.${driver}.textconv=`, `diff.${driver}.command=`];
    });
    driversOf.set(key, cached);
  }
  return cached;
}

/** The command line's protected configuration for a call in `where`. */
export function safeConfig(where: GitWhere): string[] {
  return [...FIXED, ...driverOverrides(where)].flatMap((c) => ['-c', c]);
}

/** Runs `git <args>` safely (see the top of this file); its stdout, or a GitError saying why not. */
export function runGit(where: GitWhere, args: string[], options: { input?: string; maxBuffer?: number } = {}): Buffer {
  const r = spawnGit(where, [...safeConfig(where), ...args], options);
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new GitError('git is not installed (it is needed to read a history: apt-get install git)');
    if (code === 'ETIMEDOUT') throw new GitError(`git ${args[0]} took more than ${GIT_TIMEOUT_MS / 1000} s`);
    if (code === 'ENOBUFS') throw new GitError(`git ${args[0]} printed more than kubegrade reads`);
    throw new GitError(`git ${args[0]} failed (${code ?? r.error.message})`);
  }
  if (r.status !== 0) {
    const lines = r.stderr.toString('utf8').trim().split('\n');
    throw new GitError(`git ${args[0]}: ${(lines.find((l) => l.startsWith('fatal:')) ?? lines[0]) || `exit ${r.status}`}`);
  }
  return r.stdout;
}
