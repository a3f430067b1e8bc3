/**
 * --format junit against the JUnit schema Jenkins reads (the xunit plugin's
 * junit-10.xsd, github.com/jenkinsci/xunit-plugin; test/schemas/junit.xsd is
 * written from it), validated by a real XML validator, xmllint --schema
 * (Debian's libxml2-utils; .ci/run installs it), and read back with xmllint
 * --xpath, so escaping is checked by a parser, not by string matching.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { grade } from '../src/index.js';
import { renderAll } from '../src/reporters/index.js';
import { junit } from '../src/reporters/junit.js';
import type { Report } from '../src/types.js';
import { forTerminalLine } from '../src/util/escape.js';
import { GOOD, materialize } from './helpers/fixtures.js';
import { pathological } from './helpers/hostile.js';
import { itWith, pathOf, xmllint } from './helpers/tools.js';

const XSD = new URL('./schemas/junit.xsd', import.meta.url).pathname;
const tool = xmllint();
const it = itWith(tool, 'xmllint');
const tmp = mkdtempSync(join(tmpdir(), 'kg-junit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
const file = (reports: Report[]) => {
  const f = join(tmp, `r${n++}.xml`);
  writeFileSync(f, renderAll(junit, reports, { color: false }));
  return f;
};
const lint = (...args: string[]) => spawnSync(pathOf(tool), args, { encoding: 'utf8' });
const xpath = (f: string, expr: string) => {
  const r = lint('--xpath', expr, f);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.replace(/\n$/, '');
};

const faultyDir = materialize('redis-deployment-replicas-2');
const [good, faulty, missing, hostile] = await Promise.all([grade(GOOD), grade(faultyDir), grade(materialize('flask-service-missing')), grade(pathological(500))]);

describe('junit', () => {
  it('validates against the Jenkins JUnit schema: good, faulty, pathological, a batch, none', () => {
    for (const reports of [[good], [faulty], [hostile], [good, faulty, missing, hostile], []]) {
      const r = lint('--noout', '--schema', XSD, file(reports));
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/ validates$/m);
    }
  });

  it('and the schema does bite: a testsuite without its counts is refused', () => {
    const f = join(tmp, 'bad.xml');
    writeFileSync(f, renderAll(junit, [faulty], { color: false }).replace(/ failures="\d+"/, ''));
    const r = lint('--noout', '--schema', XSD, f);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/attribute 'failures' is required/);
  });

  it('a testsuite per student, a testcase per check; failures with file:line in the message, skipped for skip', () => {
    const f = file([good, faulty]);
    expect(xpath(f, 'count(/testsuites/testsuite)')).toBe('2');
    expect(xpath(f, 'string(/testsuites/testsuite[2]/@name)')).toBe(faulty.username);
    expect(xpath(f, 'count(/testsuites/testsuite[2]/testcase)')).toBe(String(faulty.checks.length));
    const failed = faulty.checks.filter((c) => c.status === 'fail');
    expect(xpath(f, 'count(/testsuites/testsuite[2]/testcase/failure)')).toBe(String(failed.length));
    expect(xpath(f, 'string(/testsuites/testsuite[2]/@failures)')).toBe(String(failed.length));
    expect(xpath(f, 'count(/testsuites/testsuite[2]/testcase/skipped)')).toBe(String(faulty.checks.filter((c) => c.status === 'skip').length));
    expect(xpath(f, 'count(/testsuites/testsuite[1]/testcase/failure)')).toBe('0');
    const c = faulty.checks.find((x) => x.id === 'redis-deployment.replicas')!;
    const tc = `/testsuites/testsuite[2]/testcase[starts-with(@name, "redis-deployment.replicas:")]`;
    expect(xpath(f, `string(${tc}/failure/@type)`)).toBe(c.id);
    expect(xpath(f, `string(${tc}/failure/@message)`)).toBe(`${c.location!.file}:${c.location!.line}:${c.location!.column}: ${c.message}`);
    expect(xpath(f, `string(${tc}/failure)`)).toContain(`  → ${c.hint}`);
    expect(xpath(f, `string(/testsuites/testsuite[2]/properties/property[@name="score"]/@value)`)).toBe(String(faulty.score));
  });

  it('student text that looks like XML stays text: the parser reads back what the student wrote', () => {
    const f = file([hostile]);
    expect(xpath(f, 'count(/testsuites/testsuite)')).toBe('1');
    expect(xpath(f, 'count(//testcase)')).toBe(String(hostile.checks.length));
    const c = hostile.checks.find((x) => x.id === 'redis-pvc.storage-class')!;
    const message = xpath(f, 'string(//testcase[starts-with(@name, "redis-pvc.storage-class:")]/failure/@message)');
    expect(message).toContain('</testcase><![CDATA[ ]]>&amp;<script>');
    expect(message.startsWith(forTerminalLine(`${c.location!.file}:${c.location!.line}:${c.location!.column}: `))).toBe(true);
  });
});
