/**
 * --format sarif against its consumers' real shape:
 * - the SARIF 2.1.0 standard, as Microsoft's validator checks it
 *   (`sarif-multitool validate`, npm @microsoft/sarif-multitool), with
 *   GitHub's ingestion rules on (`--rule-kind "Sarif;Gh"`: the GHxxxx rules
 *   of https://sarifweb.azurewebsites.net/Validation's "GitHub ingestion");
 * - GitHub's "SARIF support for code scanning"
 *   (https://docs.github.com/en/code-security/reference/code-scanning/sarif-files/sarif-support):
 *   a location with a relative uri on every result, ruleId/ruleIndex,
 *   partialFingerprints, automationDetails, at most 5,000 results shown per run.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { grade, loadRubric } from '../src/index.js';
import { renderAll } from '../src/reporters/index.js';
import { MAX_RESULTS, SHOWN_RESULTS, sarif } from '../src/reporters/sarif.js';
import { gzipSync } from 'node:zlib';
import type { Report } from '../src/types.js';
import { forSarif } from '../src/util/escape.js';
import { GOOD, materialize } from './helpers/fixtures.js';
import { HOSTILE_TEXT, pathological } from './helpers/hostile.js';
import { itWith, pathOf, sarifMultitool } from './helpers/tools.js';

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: { id: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string }; defaultConfiguration: { level: string } }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region?: { startLine: number; startColumn: number } } }[];
      partialFingerprints: Record<string, string>;
    }[];
    automationDetails: { id: string };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications?: { message: { text: string } }[] }[];
  }[];
}

const tmp = mkdtempSync(join(tmpdir(), 'kg-sarif-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const rubric = loadRubric();
const toSarif = (reports: Report[], withRubric = true) => renderAll(sarif, reports, { color: false, ...(withRubric ? { rubric } : {}) });
const parse = (s: string) => JSON.parse(s) as SarifLog;

const faultyDir = materialize('pvc-access-modes-lowercase');
const missingDir = materialize('redis-pvc-missing');
const hostileDir = pathological();
const [good, faulty, missing, hostile] = await Promise.all([grade(GOOD), grade(faultyDir), grade(missingDir), grade(hostileDir)]);

describe('sarif', () => {
  it('full marks: an empty results array, and still one rule per check', () => {
    const log = parse(toSarif([good]));
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0]!;
    expect(run.results).toEqual([]);
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(good.checks.map((c) => c.id));
    expect(run.tool.driver).toMatchObject({ name: 'kubegrade', version: JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version });
    // No category of its own unless given: upload-sarif's `category` input fills only an absent automationDetails.
    expect(run.automationDetails).toBeUndefined();
    const withCategory = (category: string) => parse(renderAll(sarif, [good], { color: false, rubric, extra: { category } })).runs[0]!.automationDetails.id;
    expect([withCategory('hw6'), withCategory('kubegrade/hw7/')]).toEqual(['hw6/', 'kubegrade/hw7/']);
  });

  it('the CLI\'s --category is the run\'s automationDetails.id (check and batch), as the Action\'s category input; refused without --format sarif', () => {
    const bin = new URL('../bin/kubegrade.js', import.meta.url).pathname;
    const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
    const one = cli('check', faultyDir, '--format', 'sarif', '--category', 'hw6');
    expect(one.status).toBe(1);
    expect(parse(one.stdout).runs[0]!.automationDetails).toEqual({ id: 'hw6/' });
    // Without it, none: upload-sarif's own category applies.
    expect(parse(cli('check', faultyDir, '--format', 'sarif').stdout).runs[0]!.automationDetails).toBeUndefined();
    const out = join(tmp, 'category-out');
    const root = join(tmp, 'category-class');
    for (const d of ['hw6-a', 'hw6-b']) cpSync(faultyDir, join(root, d), { recursive: true });
    const batch = cli('batch', root, '--quiet', '--out', out, '--format', 'sarif,csv', '--category', 'kubegrade/hw6/');
    expect(batch.status).toBe(0);
    expect(parse(readFileSync(join(out, 'kubegrade.sarif'), 'utf8')).runs[0]!.automationDetails).toEqual({ id: 'kubegrade/hw6/' });
    const wrong = cli('check', faultyDir, '--format', 'json', '--category', 'hw6');
    expect(wrong.status).toBe(2);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toBe('kubegrade: --category "hw6" names the SARIF file\'s code scanning category: it goes with --format sarif\n');
    expect(cli('batch', root, '--format', 'csv', '--category', 'hw6').status).toBe(2);
  });

  it('a rule carries the title, the rubric description with parameters filled in, and the hint as help', () => {
    const rule = parse(toSarif([good])).runs[0]!.tool.driver.rules.find((r) => r.id === 'redis-pvc.storage-class')!;
    expect(rule.shortDescription.text).toBe("The PVC uses the course's storage class.");
    expect(rule.fullDescription.text).toMatch(/^spec\.storageClassName must be rdb, /);
    expect(rule.help.text).toBe('set storageClassName: rdb.');
    expect(rule.defaultConfiguration.level).toBe('error');
    // --set is the rubric in force: the description says what this run wants
    const set = parse(renderAll(sarif, [good], { color: false, rubric: loadRubric(undefined, { set: ['storageClassName=nfs'] }) }));
    expect(set.runs[0]!.tool.driver.rules.find((r) => r.id === 'redis-pvc.storage-class')!.fullDescription.text).toMatch(/^spec\.storageClassName must be nfs, /);
    // without the rubric, the parameter is named, never guessed
    const bare = parse(toSarif([good], false));
    expect(bare.runs[0]!.tool.driver.rules.find((r) => r.id === 'redis-pvc.storage-class')!.fullDescription.text).toMatch(/^spec\.storageClassName must be the rubric's storageClassName, /);
  });

  it('a result per finding: ruleId and ruleIndex agree, error level, relative uri with uriBaseId, line and column', () => {
    const run = parse(toSarif([faulty])).runs[0]!;
    const lostIds = faulty.checks.filter((c) => c.status === 'fail').map((c) => c.id);
    expect(new Set(run.results.map((r) => r.ruleId))).toEqual(new Set(lostIds));
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    const modes = run.results.find((r) => r.ruleId === 'redis-pvc.access-modes')!;
    const check = faulty.checks.find((c) => c.id === 'redis-pvc.access-modes')!;
    expect(modes.level).toBe('error');
    expect(modes.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: check.location!.file, uriBaseId: '%SRCROOT%' },
      region: { startLine: check.location!.line, startColumn: check.location!.column },
    });
    expect(modes.message.text.startsWith(`${forSarif(check.message)}. Fix: ${forSarif(check.hint!)}`)).toBe(true);
  });

  it('uris name the file from the repository root when the submission is a folder of it', () => {
    const cwd = process.cwd();
    try {
      process.chdir(join(faultyDir, '..'));
      const uri = parse(toSarif([{ ...faulty, dir: faultyDir }])).runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri;
      expect(uri.startsWith(`${faultyDir.split('/').pop()}/`)).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });

  it('a finding with no place of its own (a missing object) is on the submission folder, never on another file of it', () => {
    const run = parse(toSarif([missing])).runs[0]!;
    const r = run.results.find((x) => x.ruleId === 'files.redis-pvc')!;
    expect(missing.checks.find((c) => c.id === 'files.redis-pvc')!.location).toBeUndefined();
    expect(r.locations[0]!.physicalLocation.artifactLocation.uri).toBe('./');
    expect(r.locations[0]!.physicalLocation.region).toBeUndefined();
    expect(missing.files).not.toContain(r.locations[0]!.physicalLocation.artifactLocation.uri);
  });

  it('0-point checks are warnings; fingerprints ignore the line, so an alert survives an edit above it', () => {
    const base: Report = { ...faulty, checks: faulty.checks.map((c) => (c.id === 'redis-pvc.access-modes' ? { ...c, maxPoints: 0 } : c)) };
    const moved: Report = { ...faulty, checks: faulty.checks.map((c) => (c.location ? { ...c, location: { ...c.location, line: c.location.line + 5 }, findings: undefined } : c)) };
    const a = parse(toSarif([base])).runs[0]!.results;
    const b = parse(toSarif([moved])).runs[0]!.results;
    expect(a.find((r) => r.ruleId === 'redis-pvc.access-modes')!.level).toBe('warning');
    expect(b.map((r) => r.partialFingerprints)).toEqual(a.map((r) => r.partialFingerprints));
    expect(new Set(a.map((r) => r.partialFingerprints['kubegrade/v1'])).size).toBe(a.length);
  });

  it('student text cannot make an embedded link; the pathological submission stays within GitHub\'s limits', () => {
    const out = toSarif([hostile]);
    const run = parse(out).runs[0]!;
    const texts = run.results.map((r) => r.message.text).join('\n');
    expect(texts).toContain('\\[link\\](1)');
    expect(texts).not.toMatch(/[^\\]\[link\]/);
    expect(texts).not.toMatch(/[\u0000\u0007\u001b\u202e]/);
    expect(texts).toContain('\\u202e');
    expect(Math.max(...run.results.map((r) => r.message.text.length))).toBeLessThan(4200);
    // the hostile file names are one uri each, percent-encoded segment by segment
    const uris = new Set(run.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri));
    expect(uris).toContain(encodeURIComponent('we ird #%[1] \u202eevil.yml'));
    expect(uris).toContain(`sub%20dir/${encodeURIComponent('bro<ken>&.yml')}`);
    expect(HOSTILE_TEXT).toContain('[link](1)');
  });

  it(`at most ${MAX_RESULTS} results (what GitHub accepts per run); the rest are counted in a tool notification and on stderr; past ${SHOWN_RESULTS} (what GitHub shows), said too`, () => {
    const findings = Array.from({ length: MAX_RESULTS + 7 }, (_, i) => ({ message: `bad ${i}`, location: { file: 'a.yml', line: i + 1, column: 1 } }));
    const big: Report = { ...faulty, checks: faulty.checks.map((c) => (c.id === 'schema.other' ? { ...c, status: 'fail' as const, findings } : c)) };
    const warned: string[] = [];
    const out = renderAll(sarif, [big], { color: false, warn: (m) => void warned.push(m) });
    const run = parse(out).runs[0]!;
    expect(run.results).toHaveLength(MAX_RESULTS);
    expect(run.invocations[0]!.toolExecutionNotifications![0]!.message.text).toMatch(/^\d+ more findings were left out of \d+: GitHub code scanning rejects a run of more than 25000 results/);
    expect(warned).toEqual([`sarif: ${run.invocations[0]!.toolExecutionNotifications![0]!.message.text}`]);
    expect(gzipSync(out).length).toBeLessThan(10 * 1024 * 1024); // GitHub's limit is on the compressed upload
    // A class of 6,000 results: every one in the file, and stderr says GitHub shows the first 5,000.
    const some = Array.from({ length: SHOWN_RESULTS + 1000 }, (_, i) => ({ message: `bad ${i}`, location: { file: 'a.yml', line: i + 1, column: 1 } }));
    const warned2: string[] = [];
    const out2 = renderAll(sarif, [{ ...faulty, checks: faulty.checks.map((c) => (c.id === 'schema.other' ? { ...c, status: 'fail' as const, findings: some } : c)) }], { color: false, warn: (m) => void warned2.push(m) });
    const run2 = parse(out2).runs[0]!;
    expect(run2.results.length).toBeGreaterThanOrEqual(SHOWN_RESULTS + 1000);
    expect(warned2).toEqual([`sarif: ${run2.results.length} results: GitHub code scanning stores and shows the first 5000 of a run; every result is in this file.`]);
    expect(parse(toSarif([faulty])).runs[0]!.invocations[0]!.toolExecutionNotifications).toBeUndefined();
  });

  it('several reports: one run, each result under its own submission\'s folder', () => {
    const cwd = process.cwd();
    try {
      process.chdir(tmp);
      const run = parse(toSarif([{ ...faulty, dir: 'class/alice' }, { ...missing, dir: 'class/bob' }, { ...good, dir: 'class/carol' }])).runs[0]!;
      const count = (r: Report) => parse(toSarif([r])).runs[0]!.results.length;
      const under = (folder: string) => run.results.filter((r) => r.locations[0]!.physicalLocation.artifactLocation.uri.startsWith(`class/${folder}/`)).length;
      expect([under('alice'), under('bob'), under('carol')]).toEqual([count(faulty), count(missing), 0]);
      expect(run.results).toHaveLength(count(faulty) + count(missing));
      // rules describe the class, not its first student
      expect(run.tool.driver.rules.find((r) => r.id === 'redis-pvc.name')!.fullDescription.text).toContain('<username>');
    } finally {
      process.chdir(cwd);
    }
  });

  const multitool = sarifMultitool();
  itWith(multitool, 'sarif-multitool validate')('sarif-multitool validate (GitHub ingestion rules on): no error for a good, a faulty, a pathological submission and a batch; errors for a result GitHub rejects', () => {
    // One run of the validator (a .NET start costs seconds): the files under test, and a broken one it must catch.
    const broken = parse(toSarif([faulty]));
    delete (broken.runs[0]!.results[0] as { locations?: unknown }).locations;
    const files: Record<string, string> = {
      'good.sarif': toSarif([good]),
      'faulty.sarif': toSarif([faulty], false),
      'pathological.sarif': toSarif([hostile]),
      'batch.sarif': toSarif([good, faulty, missing, hostile]),
      'broken.sarif': JSON.stringify(broken),
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(tmp, name), text);
    const outFile = join(tmp, 'validation.sarif');
    rmSync(outFile, { force: true });
    // It exits 0 even when it finds errors: they are read from its own SARIF output.
    const r = spawnSync(pathOf(multitool), ['validate', '--rule-kind', 'Sarif;Gh', '--output', outFile, ...Object.keys(files).map((f) => join(tmp, f))], {
      encoding: 'utf8',
      env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
      timeout: 120_000,
    });
    expect(r.error).toBeUndefined();
    expect(r.stdout).toContain(`Done. ${Object.keys(files).length} files scanned.`);
    const validation = JSON.parse(readFileSync(outFile, 'utf8')) as SarifLog;
    const errors = validation.runs[0]!.results
      .filter((x) => x.level === 'error')
      .map((x) => `${x.locations[0]!.physicalLocation.artifactLocation.uri.split('/').pop()}: ${x.ruleId}: ${x.message.text ?? JSON.stringify(x.message)}`);
    expect(errors.filter((e) => !e.startsWith('broken.sarif:')), r.stdout).toEqual([]);
    // the validator did look, with GitHub's rules: the result without a location is an error (GH1015: no 'locations' array)
    expect(errors.filter((e) => e.startsWith('broken.sarif: GH1015')), r.stdout).toHaveLength(1);
  }, 120_000);
});
