/**
 * A pathological submission, built in a temporary folder: file names no
 * consumer expects (spaces, #, %, brackets, a bidi override, a subfolder),
 * student text that looks like markup in every medium (HTML, Markdown, SARIF
 * links, XML, CSV formulas, ANSI escapes, NUL and other control characters),
 * a value of 100 KB, a file that does not parse, and thousands of findings in
 * one file. Reporters must turn it into output their consumer accepts.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GOOD } from './fixtures.js';

/** Markup of every medium, and characters none of them may hold raw. */
export const HOSTILE_TEXT = 'x</testcase><![CDATA[ ]]>&amp;<script>alert(1)</script>[link](1){0}|=cmd|\u001b[31m\u0000\u0007\u202e\ud800 "\'`';

/**
 * HOSTILE_TEXT as a file that must parse can hold it: without half a surrogate pair, which no UTF-8
 * file holds and whose escape ("\ud800") kubectl refuses ("found invalid Unicode character escape
 * code"), so a value with it would make its whole file a parse finding and no student text would
 * reach the other checks' messages.
 */
const READABLE_TEXT = HOSTILE_TEXT.replace('\ud800', '');

export function pathological(count = 6000, into = mkdtempSync(join(tmpdir(), 'kg-hostile-'))): string {
  cpSync(GOOD, into, { recursive: true });
  // The PVC's storage class: a value of 100 KB with markup in it.
  const pvc = join(into, 'jdoe-test-redis-pvc.yml');
  writeFileSync(pvc, readFileSync(pvc, 'utf8').replace(/storageClassName: .*/, `storageClassName: ${JSON.stringify(READABLE_TEXT + 'y'.repeat(100_000))}`));
  // Thousands of findings in one file whose name no consumer expects.
  const docs: string[] = [];
  for (let i = 0; i < count; i++) docs.push(`apiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\nspec:\n  ${JSON.stringify(`bogus${i}${READABLE_TEXT}`)}: 1\n`);
  writeFileSync(join(into, 'we ird #%[1] \u202eevil.yml'), docs.join('---\n'));
  // A file that does not parse, with control characters and markup in it.
  mkdirSync(join(into, 'sub dir'), { recursive: true });
  writeFileSync(join(into, 'sub dir', 'bro<ken>&.yml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "unclosed\n  ${HOSTILE_TEXT.replace('\u0000', '')}: [\n`);
  return into;
}
