/**
 * kubegrade's schema verdict against a real API server (the test cluster, Kubernetes v1.30.14):
 * `kubectl apply --dry-run=server` must reject exactly the objects kubegrade finds issues in.
 *
 * - the table of test/helpers/kind-cases.ts: valid objects of many kinds, and the type, unknown-field,
 *   enum, range and removed-API cases across kinds;
 * - every kind the server serves by default (the schemas' own list): the smallest object its schema
 *   accepts, with an unknown field at the top level, which both must reject as an unknown field.
 *
 * Runs only with KUBEGRADE_E2E set (CI sets it after `npm run cluster:up`).
 */
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { validateObject } from '../../src/schema/index.js';
import { OFF_BY_DEFAULT } from '../../src/schema/generated/kinds.js';
import { builtinKinds } from '../../src/schema/validate.js';
import { KIND_CASES, minimal } from '../helpers/kind-cases.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const ENABLED = Boolean(process.env.KUBEGRADE_E2E);
if (!ENABLED) console.warn('kinds e2e skipped: KUBEGRADE_E2E is not set (npm run cluster:up, then KUBEGRADE_E2E=1 npx vitest run --project e2e test/e2e/kinds.e2e.test.ts)');

function clusterEnv(): { KUBECONFIG: string; KUBECTL: string } {
  const out = execFileSync('bash', [join(ROOT, 'test/cluster/env.sh')], { encoding: 'utf8' });
  const get = (k: string) => new RegExp(`^export ${k}=(.*)$`, 'm').exec(out)?.[1] ?? '';
  return { KUBECONFIG: process.env.KUBECONFIG_E2E ?? get('KUBECONFIG'), KUBECTL: get('KUBECTL') || 'kubectl' };
}

/** The server's verdict: rejected or not, and what it said. */
async function serverSays(yaml: string): Promise<{ rejected: boolean; said: string }> {
  const { KUBECONFIG, KUBECTL } = clusterEnv();
  const child = execFile(KUBECTL, ['apply', '--dry-run=server', '-n', 'default', '-f', '-'], { env: { ...process.env, KUBECONFIG }, timeout: 60_000 });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  child.stdin?.end(yaml);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (/connection refused|Unable to connect|failed to download openapi|i\/o timeout|no such host/.test(out)) {
    throw new Error(`the test cluster is not reachable (npm run cluster:up): ${out.trim()}`);
  }
  return { rejected: code !== 0, said: out.trim() };
}

const y = (text: string): Record<string, unknown> => parse(text, { version: '1.1' }) as Record<string, unknown>;

describe.skipIf(!ENABLED)('the schema verdict equals the API server\'s (kubectl apply --dry-run=server)', () => {
  it.each(KIND_CASES)('$name', async ({ yaml }) => {
    const ours = validateObject(y(yaml));
    const theirs = await serverSays(yaml);
    // Say what each side said when they disagree.
    expect({ rejected: ours.length > 0, ours: theirs.rejected === ours.length > 0 ? [] : ours.map((i) => i.message), server: theirs.rejected === ours.length > 0 ? '' : theirs.said }).toEqual({
      rejected: theirs.rejected,
      ours: [],
      server: '',
    });
  });

  const served = Object.entries(builtinKinds())
    .filter(([gv]) => !OFF_BY_DEFAULT.includes(gv))
    .flatMap(([apiVersion, kinds]) => kinds.filter((k) => !k.endsWith('List')).map((kind) => ({ apiVersion, kind })));

  it.each(served)('$apiVersion $kind: an unknown field is one both reject', async ({ apiVersion, kind }) => {
    const obj = { ...minimal(apiVersion, kind), kubegradeUnknownField: 1 };
    const ours = validateObject(obj);
    expect(ours).toContainEqual(expect.objectContaining({ path: ['kubegradeUnknownField'], message: `unknown field "kubegradeUnknownField" at the top level of the ${kind}` }));
    const theirs = await serverSays(stringify(obj));
    expect(theirs.rejected).toBe(true);
    // Either the strict decoder names the field, or the kind cannot be created at all (a subresource such as Scale).
    expect(theirs.said).toMatch(/unknown field "kubegradeUnknownField"|could not find the requested resource|the server does not allow this method|not found|NotFound|MethodNotAllowed|no matches for kind|is forbidden|is invalid/);
  });
});
