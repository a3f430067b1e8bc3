/**
 * kubectl's own reader (tools/kubectl-reader, built by scripts/build-kubectl-reader.sh) and
 * kubegrade's reading of the same bytes, side by side, for the differential tests
 * (test/kubectl-reader.test.ts, bench/oracle.js). The oracle runs once per batch: every input is
 * written to one temporary folder and all their paths go to one process.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { decodeText } from '../../src/discover/index.js';
import { parseFile } from '../../src/parse/index.js';

const SRC = join(import.meta.dirname, '..', '..', 'tools', 'kubectl-reader');

/** Where scripts/build-kubectl-reader.sh puts the binary for the source as it is now (or KUBEGRADE_KUBECTL_READER). */
export function kubectlReaderPath(): string | undefined {
  const env = process.env.KUBEGRADE_KUBECTL_READER;
  if (env) return existsSync(env) ? env : undefined;
  const release = /const version = "(.*)"/.exec(readFileSync(join(SRC, 'version.go'), 'utf8'))![1]!;
  const go = readdirSync(SRC).filter((n) => n.endsWith('.go')).sort();
  const hash = createHash('sha256');
  for (const n of ['go.mod', 'go.sum', ...go]) hash.update(readFileSync(join(SRC, n)));
  const bin = join(process.env.KUBEGRADE_CACHE ?? '/var/cache/kubegrade', `kubectl-reader-${release}-${hash.digest('hex').slice(0, 12)}`, 'kubectl-reader');
  return existsSync(bin) ? bin : undefined;
}

/** What one file reads as: refused or not, and the documents (as JSON values) that would be sent. */
export interface Reading {
  refused: boolean;
  /** kubectl's error, or kubegrade's first yaml.parse finding. */
  why?: string;
  docs: unknown[];
}

/** kubectl's readings of many files, in one process. */
export function kubectlRead(bin: string, inputs: readonly Uint8Array[]): Reading[] {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-reader-'));
  try {
    const paths = inputs.map((buf, i) => {
      const p = join(dir, `${i}.yaml`);
      writeFileSync(p, buf);
      return p;
    });
    const r = spawnSync(bin, [], { input: paths.join('\n') + '\n', maxBuffer: 1 << 30, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`kubectl-reader exited ${r.status}: ${r.stderr}`);
    const lines = r.stdout.split('\n').filter(Boolean);
    if (lines.length !== inputs.length) throw new Error(`kubectl-reader answered ${lines.length} of ${inputs.length} files`);
    return lines.map((line) => {
      const o = JSON.parse(line) as { docs: unknown[]; error: string | null };
      return o.error === null ? { refused: false, docs: o.docs } : { refused: true, why: o.error, docs: o.docs };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** kubegrade's reading of a file: discover's decoding, then the parse (fast path as configured). */
export function kubegradeRead(buf: Uint8Array, fast = true): Reading {
  const d = decodeText(buf, 'f.yaml');
  if ('finding' in d) return { refused: true, why: d.finding.message, docs: [] };
  const r = parseFile({ path: 'f.yaml', text: d.text }, { fast });
  const refusals = r.findings.filter((f) => !f.message.startsWith('duplicate key'));
  // As JSON, the way it would be sent: kubectl's -0 and its numbers past a double (JSON `1e400`,
  // sent as written) are JSON too, where JSON.stringify would make them 0 and null.
  const docs = JSON.parse(JSON.stringify(r.documents, keepNumbers), keptNumbers) as unknown[];
  return refusals.length > 0 ? { refused: true, why: `${refusals[0]!.location?.line}: ${refusals[0]!.message}`, docs } : { refused: false, docs };
}

const NUMBER = '\u0000number';
function keepNumbers(_key: string, v: unknown): unknown {
  return typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? { [NUMBER]: String(Object.is(v, -0) ? '-0' : v) } : v;
}
function keptNumbers(_key: string, v: unknown): unknown {
  return v !== null && typeof v === 'object' && NUMBER in v ? Number((v as Record<string, string>)[NUMBER]) : v;
}

export function agree(a: Reading, b: Reading): boolean {
  return a.refused === b.refused && isDeepStrictEqual(a.docs, b.docs);
}

/**
 * A smaller input with the same disagreement: lines (then single characters) taken out while
 * kubectl and kubegrade still disagree, each round's candidates read by kubectl in one batch.
 */
export function shrink(bin: string, input: Uint8Array, fast = true): Uint8Array {
  let cur = Buffer.from(input);
  for (let round = 0; round < 40; round++) {
    const cands: Buffer[] = [];
    const lines = splitKeep(cur);
    for (let i = 0; i < lines.length; i++) cands.push(Buffer.concat(lines.filter((_, j) => j !== i)));
    if (cur.length <= 160) for (let i = 0; i < cur.length; i++) cands.push(Buffer.concat([cur.subarray(0, i), cur.subarray(i + 1)]));
    if (cands.length === 0) break;
    const ks = kubectlRead(bin, cands);
    const next = cands.findIndex((c, i) => !agree(ks[i]!, kubegradeRead(c, fast)));
    if (next < 0) break;
    cur = cands[next]!;
  }
  return cur;
}

function splitKeep(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] === 0x0a) {
      out.push(buf.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < buf.length) out.push(buf.subarray(start));
  return out;
}

/** A disagreement as a reader can reproduce it. */
export function describeDifference(input: Uint8Array, k: Reading, g: Reading): string {
  return [
    `input (JSON string of its bytes as latin1): ${JSON.stringify(Buffer.from(input).toString('latin1'))}`,
    `  kubectl:   ${k.refused ? `refuses (${k.why})` : 'reads'} ${JSON.stringify(k.docs)}`,
    `  kubegrade: ${g.refused ? `refuses (${g.why})` : 'reads'} ${JSON.stringify(g.docs)}`,
  ].join('\n');
}
