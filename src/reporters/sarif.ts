/**
 * SARIF 2.1.0, for GitHub code scanning (`github/codeql-action/upload-sarif`)
 * and any SARIF viewer. One run for all the reports given; one rule per check
 * id (title, description, the hint as help); one result per finding of a
 * check that lost points or could not run, on its file, line and column.
 *
 * Shaped by GitHub's "SARIF support for code scanning"
 * (https://docs.github.com/en/code-security/reference/code-scanning/sarif-files/sarif-support)
 * and checked with Microsoft's validator, GitHub's ingestion rules included
 * (`sarif-multitool validate --rule-kind "Sarif;Gh"`, test/sarif.test.ts):
 * - every result has a location with a non-empty relative `uri`: GitHub
 *   rejects the upload otherwise ("locationFromSarifResult: expected at least
 *   one location"). A finding with no place of its own is put at line 1 of
 *   the file its role's object is in, else on the submission's folder (a
 *   missing object is in no file: never on some other file of the submission);
 * - uris are relative to the repository root (the current folder, where a
 *   workflow runs), with `uriBaseId: %SRCROOT%`, percent-encoded per segment;
 * - `level`: `error` for a check worth points, `warning` for a 0-point one
 *   (`note` when a 0-point check could not run);
 * - `partialFingerprints["kubegrade/v1"]`: a hash of check id, file and
 *   message (not the line), so an alert survives edits above it;
 * - `automationDetails.id`, the category GitHub keys alerts by: `extra.category`
 *   (the Action's `category` input) with a `/` added as upload-sarif does; none
 *   without it, so that upload-sarif's own `category` input applies (it only
 *   fills an absent `automationDetails`);
 * - a check's findings left out of the report (its "(and N more findings, not
 *   listed)" entry) are no result: they are counted in a tool notification;
 * - at most MAX_RESULTS results, GitHub's limit for an upload (25,000 per
 *   run; more and the upload is rejected); GitHub stores and shows the first
 *   SHOWN_RESULTS (5,000) of a run. Past either, a tool notification in the
 *   file and a line on stderr (options.warn) say how many, so a class's last
 *   third is never dropped unsaid. Messages are shortened.
 * - a row without a submission (an empty folder, no YAML, a roster student
 *   without a folder) is one result of the rule `submission`, on its folder.
 *
 * Streaming: results are written as reports arrive; the tool and its rules
 * (known only once every check id has been seen) follow them at `flush()`
 * (JSON objects are unordered, so `results` may come before `tool`).
 */
import type { CheckResult, Location, Report } from '../types.js';
import { forSarif, shorten } from '../util/escape.js';
import { kubegradeVersion } from '../util/version.js';
import { absent, checkText, dedupeFindings, findingsOf, lost, submissionPrefix } from './common.js';
import type { Reporter } from './types.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** GitHub code scanning rejects a run of more than 25,000 results... */
export const MAX_RESULTS = 25_000;
/** ...and stores and shows the first 5,000 of a run. */
export const SHOWN_RESULTS = 5000;
const MAX_MESSAGE = 2000;
const URI_BASE = '%SRCROOT%';

const HEAD = `{\n  "$schema": ${JSON.stringify(SARIF_SCHEMA)},\n  "version": "2.1.0",\n  "runs": [\n    {\n      "results": [`;

type Level = 'error' | 'warning' | 'note';

interface RuleSeen {
  id: string;
  index: number;
  /** The check as the first report graded it (its title, points, hint). */
  first: CheckResult;
}

export const sarif: Reporter = {
  name: 'sarif',
  description: 'SARIF 2.1.0 for GitHub code scanning: a rule per check, a result per finding on its file:line:column',
  fileName: 'kubegrade.sarif',
  create(out, options) {
    const rules = new Map<string, RuleSeen>();
    let reports = 0;
    let results = 0;
    let dropped = 0;
    /** Findings left out of the reports (per check), counted, not shown as results. */
    const leftOut = new Map<string, number>();
    let env: string | undefined;
    let username = '';

    const rule = (c: CheckResult): RuleSeen => {
      let r = rules.get(c.id);
      if (!r) rules.set(c.id, (r = { id: c.id, index: rules.size, first: c }));
      return r;
    };

    return {
      write(report) {
        if (reports === 0) {
          out.write(HEAD);
          env = report.env;
          username = report.username;
        }
        reports++;
        const prefix = submissionPrefix(report.dir);
        const none = absent(report);
        const checks: CheckResult[] = none === undefined ? report.checks : [{ id: 'submission', title: 'A submission was handed in', status: 'fail', points: 0, maxPoints: report.maxScore, message: none, hint: 'hand in the Kubernetes YAML files of the homework' }];
        for (const c of checks) {
          const seen = rule(c);
          if (!lost(c)) continue;
          const level = levelOf(c);
          const fingerprints = new Map<string, number>();
          for (const f of dedupeFindings(findingsOf(c))) {
            if (f.leftOut) {
              leftOut.set(c.id, (leftOut.get(c.id) ?? 0) + f.leftOut);
              continue;
            }
            if (results >= MAX_RESULTS) {
              dropped++;
              continue;
            }
            const where = f.location ?? anchor(report, c);
            // The folder, as a directory reference (a trailing /), when the finding is in no file.
            const uri = where ? encodeUri(prefix + where.file) : prefix ? encodeUri(prefix) : './';
            const hint = f.hint ?? c.hint;
            const text = sentence(forSarif(shorten(f.message, MAX_MESSAGE))) + (hint ? ` Fix: ${sentence(forSarif(shorten(hint, MAX_MESSAGE)))}` : '');
            const base = hash(`${c.id}\0${uri}\0${f.message}`);
            const n = fingerprints.get(base) ?? 0;
            fingerprints.set(base, n + 1);
            const region = where ? { startLine: Math.max(1, where.line), startColumn: Math.max(1, where.column) } : undefined;
            const result = {
              ruleId: c.id,
              ruleIndex: seen.index,
              level,
              message: { text },
              locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: URI_BASE }, ...(region ? { region } : {}) } }],
              partialFingerprints: { 'kubegrade/v1': n === 0 ? base : `${base}:${n}` },
              properties: { username: report.username, points: c.points, maxPoints: c.maxPoints, ...(f.location ? {} : { located: false }) },
            };
            out.write((results === 0 ? '\n        ' : ',\n        ') + JSON.stringify(result));
            results++;
          }
        }
      },
      flush() {
        if (reports === 0) out.write(HEAD);
        // Rule text names the student only when the run is one student's.
        const params = { ...(env ? { env } : {}), ...(reports === 1 && username ? { username } : {}) };
        const driverRules = [...rules.values()].map((r) => {
          const t = checkText(r.id, options.rubric, params);
          const title = reports === 1 ? r.first.title : (t?.title ?? r.first.title);
          const help = t?.hint ?? r.first.hint ?? title;
          return {
            id: r.id,
            name: ruleName(r.id),
            shortDescription: { text: sentence(forSarif(title)) },
            fullDescription: { text: sentence(forSarif(t?.description ?? title)) },
            help: { text: sentence(forSarif(help)) },
            defaultConfiguration: { level: r.first.maxPoints > 0 ? 'error' : 'warning' },
            properties: { points: r.first.maxPoints, tags: ['kubernetes', r.id.split('.')[0]!] },
          };
        });
        const notes: string[] = [];
        if (dropped) notes.push(`${dropped} more finding${dropped === 1 ? ' was' : 's were'} left out of ${results + dropped}: GitHub code scanning rejects a run of more than ${MAX_RESULTS} results (kubegrade --format json has them all).`);
        else if (results > SHOWN_RESULTS) notes.push(`${results} results: GitHub code scanning stores and shows the first ${SHOWN_RESULTS} of a run; every result is in this file.`);
        for (const n of notes) options.warn?.(`sarif: ${n}`);
        const notifications: object[] = notes.map((text) => ({ level: 'warning', message: { text } }));
        for (const [id, n] of leftOut) {
          notifications.push({ level: 'note', message: { text: `${id}: ${n} more finding${n === 1 ? '' : 's'} not listed (a report keeps the first findings of each check).` }, associatedRule: { id, index: rules.get(id)!.index } });
        }
        const category = options.extra?.category?.trim();
        const tail = {
          tool: {
            driver: {
              name: 'kubegrade',
              version: kubegradeVersion(),
              semanticVersion: kubegradeVersion(),
              informationUri: 'https://www.npmjs.com/package/kubegrade',
              rules: driverRules,
            },
          },
          ...(category ? { automationDetails: { id: category.endsWith('/') ? category : `${category}/` } } : {}),
          columnKind: 'utf16CodeUnits',
          invocations: [{ executionSuccessful: true, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) }],
        };
        const body = JSON.stringify(tail, null, 2).slice(2, -2).replace(/\n/g, '\n    ');
        out.write(`${results ? '\n      ' : ''}],\n    ${body}\n    }\n  ]\n}\n`);
      },
    };
  },
};

function levelOf(c: CheckResult): Level {
  if (c.maxPoints > 0) return 'error';
  return c.status === 'error' ? 'note' : 'warning';
}

/** Where a finding with no place of its own goes: line 1 of its role's file, else nowhere (the folder). */
function anchor(report: Report, c: CheckResult): Location | undefined {
  const role = c.id.startsWith('schema.') ? c.id.slice('schema.'.length) : c.id.startsWith('files.') ? c.id.slice('files.'.length) : c.id.split('.')[0];
  const file = report.roles.find((r) => r.role === role)?.file;
  return file ? { file, line: 1, column: 1 } : undefined;
}

const encodeUri = (path: string) => path.split('/').map(encodeURIComponent).join('/');

// node:crypto is loaded when a SARIF report is written, not by every CLI start (about 6 ms of a cold check).
const hash = (s: string) => process.getBuiltinModule('node:crypto').createHash('sha256').update(s).digest('hex').slice(0, 32);

/** SARIF asks for messages that end as a sentence (SARIF2001). */
const sentence = (s: string) => {
  const t = s.trimEnd();
  return /[.!?)"'`\]]$/.test(t) ? t : `${t}.`;
};

/** `redis-pvc.storage-class` → `RedisPvcStorageClass` (SARIF's `name`: an identifier, PascalCase). */
const ruleName = (id: string) =>
  id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
