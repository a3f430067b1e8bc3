/**
 * Kubernetes quantities, one home (src/k8s/quantity.ts) for the schema stage and the rubric checks.
 * Each row was put to a v1.30 API server as a claim's storage through `kubectl apply
 * --dry-run=server` (2026-12-01): a value where it accepted the quantity (zero and below are then
 * refused by the claim's own rule, "must be greater than zero"), undefined where it refused to read
 * it. test/schema.test.ts puts a sample of them to the server again under KUBEGRADE_E2E.
 */
import { describe, expect, it } from 'vitest';
import { isQuantity, parseQuantity } from '../src/k8s/index.js';

const Gi = 2 ** 30;
const table: [unknown, number | undefined][] = [
  ['1Gi', Gi],
  ['1024Mi', Gi],
  [1073741824, Gi],
  ['1G', 1e9],
  ['.5Gi', Gi / 2],
  ['1.G', 1e9],
  ['1.', 1],
  ['1e3', 1000],
  ['1e+9', 1e9],
  ['1E-3', 0.001],
  ['1E', 1e18],
  ['1Ei', 2 ** 60],
  ['-1Gi', -Gi],
  ['00', 0],
  ['Gi', 0],
  ['+', 0],
  ['-', 0],
  ['.', 0],
  ['1e4294967296', 1], // the exponent is kept as 32 bits: 2^32 wraps to 0
  // Go's strings.TrimSpace, on the JSON text as kubectl writes it
  [' 1Gi ', Gi],
  ['  1Gi  ', Gi],
  ['1Gi\u00a0', Gi],
  ['\u00851Gi', Gi],
  ['\u30001Gi', Gi],
  ['\u16801Gi', Gi],
  ['\u200a1Gi', Gi],
  ['\u202f1Gi', Gi],
  ['\u205f1Gi', Gi],
  // written as escapes by kubectl's encoder, so never trimmed
  ['1Gi\t', undefined],
  ['\n1Gi', undefined],
  ['1Gi\r', undefined],
  ['\u000b1Gi', undefined],
  ['\u000c1Gi', undefined],
  ['\u20281Gi', undefined],
  ['\u20291Gi', undefined],
  // not spaces to Go
  ['1Gi\ufeff', undefined],
  ['\u200b1Gi', undefined],
  // not the grammar
  ['', undefined],
  ['1GB', undefined],
  ['1EB', undefined],
  ['1gi', undefined],
  ['1ki', undefined],
  ['1K', undefined],
  ['1e', undefined],
  ['1Mi+5', undefined],
  ['1e3Gi', undefined],
  ['1.5.', undefined],
  ['0x10', undefined],
  ['1_000', undefined],
  ['\u0661', undefined],
  ['1e99999999999999999999', undefined],
  // not a JSON string or number
  [Infinity, undefined],
  [true, undefined],
  [null, undefined],
  [{ storage: '1Gi' }, undefined],
];

describe('parseQuantity: as a v1.30 API server reads a quantity', () => {
  it.each(table)('%j → %s', (v, want) => {
    expect(parseQuantity(v)).toBe(want);
    expect(isQuantity(v)).toBe(want !== undefined);
  });
});
