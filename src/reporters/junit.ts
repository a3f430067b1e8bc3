/**
 * JUnit XML, the shape CI servers read test results in (Jenkins' junit and
 * xunit plugins, GitLab's test reports, GitHub test-report actions), as the
 * Jenkins xunit plugin's JUnit schema defines it
 * (github.com/jenkinsci/xunit-plugin, src/main/resources/org/jenkinsci/
 * plugins/xunit/types/model/xsd/junit-10.xsd; test/schemas/junit.xsd is
 * written from it and the test validates with xmllint).
 *
 * One <testsuites>; a <testsuite> per student (name: the username, file:
 * the submission folder; score and maximum as properties); a <testcase> per
 * check (classname kubegrade.<role or stage>), with <failure> for a check
 * that lost points (type: the check id, message: the first finding; the
 * text: every finding as file:line:column and its hint), <error> for one
 * that could not run, <skipped> for one not run. Every student string is
 * escaped with escape.ts forXml; characters XML cannot hold are replaced.
 * Streams: a testsuite per report as it comes.
 */
import type { CheckResult, Report } from '../types.js';
import { forTerminalLine, forXml, shorten } from '../util/escape.js';
import { absent, findingsText, MAX_MESSAGE_CHARS, studentFolder, submissionPrefix, where } from './common.js';
import type { Reporter } from './types.js';

const attr = (s: string) => forXml(forTerminalLine(s));
const text = (s: string) => forXml(s);
/** Seconds, as the schema's SUREFIRE_TIME (digits, a dot, digits). */
const seconds = (ms: number | undefined) => (ms && ms > 0 ? (ms / 1000).toFixed(3) : '0');

function testcase(c: CheckResult, classname: string, prefix: string): string {
  // file and line (the repository path, as SARIF's uri): what test-report actions annotate (mikepenz/action-junit-report, dorny/test-reporter).
  const place = c.location && c.status !== 'pass' ? ` file="${attr(prefix + c.location.file)}" line="${c.location.line}"` : '';
  const open = `    <testcase name="${attr(`${c.id}: ${c.title}`)}" classname="${attr(classname)}.${attr(c.id.split('.')[0]!)}" time="${seconds(c.durationMs)}"${place}`;
  // The message names the place (file:line:column) as well: most CI pages show only the message.
  const message = attr(`${c.location ? `${where(c.location)}: ` : ''}${shorten(c.message, MAX_MESSAGE_CHARS)}`);
  if (c.status === 'pass') return `${open}/>`;
  if (c.status === 'skip') return `${open}>\n      <skipped message="${message}"/>\n    </testcase>`;
  const tag = c.status === 'error' ? 'error' : 'failure';
  const body = `${c.points}/${c.maxPoints} points\n${findingsText(c)}`;
  return `${open}>\n      <${tag} type="${attr(c.id)}" message="${message}">${text(body)}</${tag}>\n    </testcase>`;
}

/** A row without a submission: one testcase, failed with the reason (the checks of an empty folder say nothing more). */
function absentSuite(r: Report, why: string): string {
  const name = attr(r.username || studentFolder(r));
  return [
    `  <testsuite name="${name}" tests="1" failures="1" errors="0" skipped="0" time="0" file="${attr(r.dir)}">`,
    `    <properties>\n      <property name="username" value="${attr(r.username)}"/>\n      <property name="score" value="0"/>\n      <property name="maxScore" value="${r.maxScore}"/>\n      <property name="noSubmission" value="${attr(why)}"/>\n    </properties>`,
    `    <testcase name="submission: nothing was handed in" classname="kubegrade.${name}.submission" time="0">\n      <failure type="no-submission" message="${attr(why)}">${text(`0/${r.maxScore} points\n${why}`)}</failure>\n    </testcase>`,
    '  </testsuite>',
  ].join('\n');
}

function testsuite(r: Report): string {
  const none = absent(r);
  if (none !== undefined) return absentSuite(r, none);
  const prefix = submissionPrefix(r.dir);
  const count = (s: CheckResult['status']) => r.checks.filter((c) => c.status === s).length;
  const time = r.checks.reduce((t, c) => t + (c.durationMs ?? 0), 0);
  const classname = `kubegrade.${r.username || studentFolder(r)}`;
  const props = [
    ['username', r.username],
    ['score', String(r.score)],
    ['maxScore', String(r.maxScore)],
    ['env', r.env],
    ['rubric', r.rubric.name],
    ...(r.missing !== undefined ? [['missing', r.missing]] : []),
    ...(r.error !== undefined ? [['notGraded', r.error]] : []),
  ]
    .map(([k, v]) => `      <property name="${k}" value="${attr(v ?? '')}"/>`)
    .join('\n');
  return [
    `  <testsuite name="${attr(r.username || studentFolder(r))}" tests="${r.checks.length}" failures="${count('fail')}" errors="${count('error')}" skipped="${count('skip')}" time="${seconds(time)}" file="${attr(r.dir)}">`,
    `    <properties>\n${props}\n    </properties>`,
    ...r.checks.map((c) => testcase(c, classname, prefix)),
    '  </testsuite>',
  ].join('\n');
}

export const junit: Reporter = {
  name: 'junit',
  description: 'JUnit XML: a testsuite per student, a testcase per check (failures with file:line)',
  fileName: 'junit.xml',
  create(out) {
    let started = false;
    const start = () => {
      if (!started) out.write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kubegrade">\n');
      started = true;
    };
    return {
      write(r) {
        start();
        out.write(testsuite(r) + '\n');
      },
      flush() {
        start();
        out.write('</testsuites>\n');
      },
    };
  },
};
