/**
 * External validators the format tests run (the consumers' own tools). In CI
 * (CI=true) a missing tool fails the test; elsewhere the test is skipped and
 * says why, with the command that installs it.
 */
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { it } from 'vitest';

export interface Tool {
  /** The executable, when found. */
  path?: string;
  /** Why it is missing, and how to install it. */
  missing?: string;
}

const inCi = () => Boolean(process.env.CI) && process.env.CI !== 'false';

/** Microsoft's SARIF validator, from the npm devDependency @microsoft/sarif-multitool (a self-contained .NET binary per platform). */
export function sarifMultitool(): Tool {
  try {
    const path = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
    accessSync(path, constants.X_OK);
    return { path };
  } catch (err) {
    return { missing: `sarif-multitool is not installed or not executable (${(err as Error).message.split('\n')[0]}): npm ci installs it (devDependency @microsoft/sarif-multitool)` };
  }
}

/** xmllint, from Debian's libxml2-utils (.ci/run installs it). */
export function xmllint(): Tool {
  const r = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  if (r.error) return { missing: 'xmllint is not installed: apt-get install libxml2-utils (.ci/run does)' };
  return { path: 'xmllint' };
}

/** actionlint, built from the Go module proxy by .ci/install-actionlint.sh (.ci/run calls it; $ACTIONLINT overrides). */
export function actionlint(): Tool {
  const path = process.env.ACTIONLINT || '/var/cache/kubegrade/actionlint-v1.7.12/actionlint';
  try {
    accessSync(path, constants.X_OK);
    return { path };
  } catch {
    return { missing: `no actionlint at ${path}: bash .ci/install-actionlint.sh installs it (Go module proxy)` };
  }
}

/**
 * `it` for a test that needs `tool`: outside CI, `it.skip` when the tool is
 * missing (saying why on stderr); in CI always `it`, and `pathOf` then fails
 * the test with the reason.
 */
export function itWith(tool: Tool, what: string): typeof it {
  if (tool.path || inCi()) return it;
  process.stderr.write(`skipping ${what}: ${tool.missing}\n`);
  return it.skip;
}

/** The tool's executable, or a failure saying how to install it. */
export function pathOf(tool: Tool): string {
  if (!tool.path) throw new Error(tool.missing);
  return tool.path;
}
