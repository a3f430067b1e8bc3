/**
 * actionlint (rhysd/actionlint, the real linter of GitHub workflows) on the
 * example workflows and on action.yml. Each example is linted as it would run
 * in a repository that holds the action: `uses: OWNER/kubegrade@main` becomes
 * `uses: ./`, so actionlint also parses action.yml and checks every `with:`
 * input and every `steps.<id>.outputs.<name>` against it.
 * actionlint is installed by .ci/install-actionlint.sh (from the Go module
 * proxy, cached under /var/cache/kubegrade); in CI a missing binary fails.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { actionlint, itWith, pathOf } from './helpers/tools.js';

const ROOT = new URL('..', import.meta.url).pathname;
const EXAMPLES = join(ROOT, 'examples', 'workflows');
const tool = actionlint();
const it = itWith(tool, 'actionlint');

function lint(files: Record<string, string>, action = readFileSync(join(ROOT, 'action.yml'), 'utf8')) {
  const repo = mkdtempSync(join(tmpdir(), 'kg-actionlint-'));
  try {
    mkdirSync(join(repo, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(repo, 'action.yml'), action);
    cpSync(join(ROOT, 'action'), join(repo, 'action'), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(repo, '.github', 'workflows', name), text.replaceAll('OWNER/kubegrade@main', './'));
    execFileSync('git', ['init', '-q', repo]);
    const r = spawnSync(pathOf(tool), ['-no-color', '-shellcheck=', '-pyflakes='], { cwd: repo, encoding: 'utf8' });
    return { status: r.status, out: r.stdout + r.stderr };
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

describe('actionlint', () => {
  const examples = Object.fromEntries(readdirSync(EXAMPLES).filter((f) => f.endsWith('.yml')).map((f) => [f, readFileSync(join(EXAMPLES, f), 'utf8')]));

  it('passes on every example workflow and on action.yml', () => {
    expect(Object.keys(examples).sort()).toEqual(['classroom.yml', 'course-live.yml', 'student.yml']);
    for (const text of Object.values(examples)) expect(text).toContain('uses: OWNER/kubegrade@main');
    expect(lint(examples)).toEqual({ status: 0, out: '' });
  });

  it('would catch a broken action.yml, an unknown input and an unknown output (the lint can fail)', () => {
    const broken = lint(examples, "name: kubegrade\ndescription: x\ninputs:\n  rubric:\n    description: A rubric (default: the course's).\nruns:\n  using: node24\n  main: action/dist/index.js\n");
    expect(broken.status).toBe(1);
    expect(broken.out).toMatch(/could not parse action metadata/);
    const wrong = lint({ 'x.yml': examples['classroom.yml']!.replace('          fail-on: never', '          fail-when: never').replace('outputs.result', 'outputs.results') });
    expect(wrong.status).toBe(1);
    expect(wrong.out).toMatch(/input "fail-when" is not defined/);
    expect(wrong.out).toMatch(/property "results" is not defined/);
  });
});
