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

/** One thing wrong (or worth saying), pointing at the node at fault. */
export interface Finding {
  message: string;
  location?: Location;
  /** How to fix it, concretely ("write ReadWriteOnce"). */
  hint?: string;
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
  /** Wall time of a live check, in milliseconds. */
  durationMs?: number;
}

export type RoleName = 'redis-pvc' | 'redis-deployment' | 'redis-service' | 'flask-deployment' | 'flask-service';
export const ROLE_NAMES: readonly RoleName[] = [
  'redis-pvc',
  'redis-deployment',
  'redis-service',
  'flask-deployment',
  'flask-service',
];

export interface RoleAssignment {
  role: RoleName;
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

export interface UsernameInfo {
  value: string;
  /** `option` (--username), `rubric`, `file-names`, `labels`, or `none`. */
  source: 'option' | 'rubric' | 'file-names' | 'labels' | 'none';
  /** Set when file names and labels disagree, or nothing could be inferred. */
  note?: string;
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
}
