/**
 * The shapes that flow through kubegrade's pipeline:
 * discover → parse → roles → checks → (live) → score → report.
 * The Report (and CheckResult) fields named in the rubric spec are a public
 * contract: never rename them; adding fields is fine.
 */

/** 1-based line and column of a node in a submission file (path relative to the submission folder, with `/`). */
export interface Location {
  file: string;
  line: number;
  column: number;
}

export type Status = 'pass' | 'fail' | 'error' | 'skip';

/**
 * One change to a submission, as `kubegrade fix` applies it: like an ESLint fix object, but
 * addressed by file, document and YAML path rather than by character offsets, so that edits
 * made by different checks compose (each is applied to the text the previous one left).
 *
 * - `set`: the value at `path` becomes `value` (a scalar is rewritten in place, keeping its quoting;
 *   an absent field is inserted with the parents it lacks, at the indentation of its siblings).
 * - `rename-key`: the key at `path` becomes `to` (`lables:` → `labels:`), its value untouched.
 * - `reindent`: the block of the key at `path` (the key, its value, nothing else) moves left to line
 *   up with the keys of the map at `under` (`ports:` indented under `selector:`). Or, with `line`,
 *   `endLine` and `by`, those lines move `by` columns (a block one level off that does not parse).
 * - `detab`: tabs in the indentation of the lines `line`..`endLine` (all lines when absent) become
 *   spaces, to the next multiple of `by` columns (8 when absent, as a terminal shows them).
 * - `rename-file`: the file becomes `to` (relative to the submission folder; never over a file that exists).
 */
export interface FixEdit {
  kind: 'set' | 'rename-key' | 'reindent' | 'detab' | 'rename-file';
  /** The file, relative to the submission folder, with `/`. */
  file: string;
  /** 0-based document in the file (`set`, `rename-key`, `reindent` by path). */
  document?: number;
  /** The YAML path of the node: map keys and sequence indexes. */
  path?: (string | number)[];
  /** `set`: the new value (a scalar, a list of scalars, or a map of them). */
  value?: unknown;
  /** `rename-key`: the new key; `rename-file`: the new file path. */
  to?: string;
  /** `reindent` by path: the map whose keys the moved block lines up with. */
  under?: (string | number)[];
  /** `reindent` and `detab` by lines: 1-based, inclusive. */
  line?: number;
  endLine?: number;
  /** `reindent` by lines: columns to move (negative: left); `detab`: the tab width (default 8). */
  by?: number;
}

/** How to fix a finding, as data: what `kubegrade fix` applies, and what the hint says in words. */
export interface Fix {
  edits: FixEdit[];
  /**
   * True when nothing is left to choose: the rubric or the Kubernetes API decides the value
   * (storage class, image, a misspelt known key, the expected file name). `kubegrade fix`
   * applies only these; the others are suggestions.
   */
  certain: boolean;
}

/** One thing wrong (or worth saying), pointing at the node at fault. */
export interface Finding {
  message: string;
  location?: Location;
  /** How to fix it, concretely ("write ReadWriteOnce"). */
  hint?: string;
  /** The same fix as data (see FixEdit). Absent when kubegrade cannot say it as an edit. */
  fix?: Fix;
  /**
   * Set when this finding follows from another check's cause (a file that does not parse, a
   * misspelt key): the id of the check whose hint and fix cover it. Its hint then says "see …".
   */
  cause?: string;
  /** What the student wrote, for the value a rubric parameter wants (see Actual). */
  actual?: Actual;
  /**
   * Set on the one entry that stands for findings left out of a capped list
   * ("(and 250 more findings, not listed)"): how many. Not a finding itself:
   * reporters count it, never show it as a fault of its own.
   */
  leftOut?: number;
}

/** How many findings a list stands for: an entry that counts findings left out counts as that many. */
export const countFindings = (findings: readonly Finding[]): number => findings.reduce((n, f) => n + (f.leftOut ?? 1), 0);

/**
 * The value a student wrote where a rubric parameter wanted another (`rbd`
 * for `storageClassName: rdb`), filled by the check templates that compare a
 * field with a parameter. The batch summary counts them ("storageClassName:
 * rbd 24, nfs 14 → --set storageClassName=rbd"); `value` is null when the
 * field was absent. Not part of the JSON report (src/reporters/json.ts).
 */
export interface Actual {
  param: string;
  value: string | number | boolean | string[] | null;
}

/** A graded check in the report. `id/status/points/maxPoints/message/location` are the spec's contract. */
export interface CheckResult {
  id: string;
  title: string;
  status: Status;
  points: number;
  maxPoints: number;
  message: string;
  location?: Location;
  hint?: string;
  /** Every finding behind a failed check (the first one is also `message`/`location`). */
  findings?: Finding[];
  /** The first finding's fix as data (`kubegrade fix` applies the certain ones). */
  fix?: Fix;
  /** The check whose hint and fix also cover this one (its hint says "see …"). */
  cause?: string;
  /** Wall time of a live check, in milliseconds. */
  durationMs?: number;
  /** What the student wrote for the parameter this check compares with (a failed check; see Actual). */
  actual?: Actual;
}

export interface RoleAssignment {
  /** A role of the rubric (`redis-pvc`), or `<env>.<role>` in a rubric with environments (`prod.redis-pvc`). */
  role: string;
  /** Missing when no object could take the role. */
  file?: string;
  /** 0-based index of the document in its file. */
  document?: number;
  kind?: string;
  name?: string;
  /** Why this object was taken, in words ("runs redis:5.0.0, mentions redis"). */
  reason?: string;
}

export interface IgnoredDocument {
  file: string;
  document: number;
  line: number;
  reason: string;
}

/** An object whose structure was not checked: no schema for its kind (a custom resource without --schema). */
export interface UnvalidatedObject {
  file: string;
  /** 0-based document index in the file. */
  document: number;
  kind: string;
  apiVersion: string;
  name?: string;
  /** Why, in words ("no schema for Certificate (cert-manager.io/v1), a custom resource: pass --schema DIR ..."). */
  reason: string;
}

export interface UsernameInfo {
  value: string;
  /** `option` (--username), `rubric`, `file-names`, `labels`, or `none`. */
  source: 'option' | 'rubric' | 'file-names' | 'labels' | 'none';
  /** Set when file names and labels disagree, the given username is not theirs, or nothing could be inferred. */
  note?: string;
  /** The username the file names (else the labels) say, when it is not the given one (source `option`). */
  inferred?: string;
}

export interface Report {
  username: string;
  env: string;
  score: number;
  maxScore: number;
  checks: CheckResult[];
  /** The submission folder as given (for display). */
  dir: string;
  rubric: { name: string; title?: string };
  usernameInfo: UsernameInfo;
  roles: RoleAssignment[];
  files: string[];
  ignored: IgnoredDocument[];
  /** With a deadline (batch --deadline): which commit was graded, and what came after it. */
  deadline?: DeadlineInfo;
  /** With `excerpts` asked for: the source lines around each finding (for reports that show them). */
  excerpts?: Excerpt[];
  /** batch: who this row is, from the roster (`--roster`). */
  student?: Student;
  /**
   * Set when there is no submission: a roster student without a folder (batch), or a folder with no
   * .yml or .yaml file (gradeStatic): the reason, starting "no submission"; score 0, every static
   * check `fail` with the reason.
   */
  missing?: string;
  /**
   * Nothing was handed in: an empty folder, one without a .yml or .yaml file, or a roster student
   * without a folder (with `missing`). Score 0; every format says "no submission" and `reason`.
   */
  noSubmission?: { reason: string };
  /**
   * Set when the submission could not be graded at all (a batch row for a
   * folder that could not be read, or whose grading failed): why, in one line.
   * Its static checks are then `error` with the same message, and its score 0.
   */
  error?: string;
  /** Objects the schema stage could not check (never counted as valid); absent when every object was checked. */
  unvalidated?: UnvalidatedObject[];
  /** A rubric with environments (the final project): each object's environment (null: unassigned) and the rule that decided it. */
  environments?: { file: string; document: number; kind?: string; name?: string; env: string | null; rule?: string }[];
}

/** Lines of one file, from `line` on (1-based), each cut to a bounded length. */
export interface Excerpt {
  file: string;
  line: number;
  lines: string[];
}

/** A commit after the deadline. */
export interface LateCommit {
  commit: string;
  /** Committer time, ISO 8601 UTC. */
  time: string;
  /** Seconds after the deadline. */
  lateBy: number;
  /** The first line of its message (student text). */
  subject: string;
}

/** Points taken off for lateness (src/score/late.ts). */
export interface LatePenalty {
  /** Percent of maxScore taken off. */
  percent: number;
  /** Points taken off (score = scoreBefore - points). */
  points: number;
  scoreBefore: number;
  /** Why, in words ("1d 2h late: 2 started days × 10% = 20% of the points"). */
  reason: string;
  /** The --late-policy as written. */
  policy?: string;
}

/**
 * Grading as of a deadline. For a git repository: the last commit of HEAD's
 * first-parent history whose committer time is at or before the deadline
 * (or, with a late policy, the latest commit when it scores better after its
 * penalty). For any other folder: `repository: false`, graded as it is.
 */
export interface DeadlineInfo {
  /** The deadline, ISO 8601 UTC. */
  at: string;
  /** The zone the deadline was given in (`-05:00`), when not UTC: reports show its times there. */
  zone?: string;
  repository: boolean;
  /** The commit graded, and its committer time (ISO 8601 UTC). */
  commit?: string;
  time?: string;
  /** Seconds the graded commit is after the deadline (0: on time). */
  lateBy?: number;
  /** The commits after the deadline, newest first (the first 50; lateCommitCount counts them all). */
  lateCommits: LateCommit[];
  lateCommitCount: number;
  /** The clone is shallow (older commits are not in it). */
  shallow?: boolean;
  /** What a reader must know: not a repository, a shallow clone without the deadline commit, nothing on time. */
  note?: string;
  penalty?: LatePenalty;
}

/** A student as the roster names them (batch `--roster`): Canvas's columns, GitHub Classroom's, or a plain folder,username. */
export interface Student {
  /** Canvas `Student` (display name), or GitHub Classroom's `name`. */
  name?: string;
  /** Canvas `ID`. */
  id?: string;
  /** Canvas `SIS User ID`. */
  sisUserId?: string;
  /** Canvas `SIS Login ID`. */
  sisLoginId?: string;
  /** Canvas `Section`. */
  section?: string;
  /** GitHub Classroom `identifier`. */
  identifier?: string;
  /** GitHub Classroom `github_username`. */
  githubUsername?: string;
  /** The username graded with (the roster's `username` column). */
  username?: string;
  /** The submission folder's name under the batch root. */
  folder?: string;
  /** `roster.csv:12`: where the roster names this student. */
  line?: string;
}
