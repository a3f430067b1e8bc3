/**
 * A check is a small module, like an ESLint rule: an id, a title, a
 * description, a default fix hint, and a function from the graded submission
 * to an outcome that blames a node. Points live in the rubric (data), not here.
 */
import type { KObject } from '../parse/index.js';
import type { Actual, Finding, Fix, Location } from '../types.js';

/** Which object took each role, by the rubric's role names (none: no object could). */
export type Roles = Partial<Record<string, KObject>>;

/** The rubric's parameters, as the checks see them (after --username, --env and --set). */
export interface Params {
  username: string;
  env: string;
  storageClassName: string;
  storage: string;
  accessModes: string[];
  redisImage: string;
  redisPort: number;
  flaskPort: number;
  redisReplicas: number;
  flaskReplicas: number;
  fileExtensions: string[];
  flaskPath: string;
  probeImage: string;
  [other: string]: unknown;
}

export interface CheckContext {
  params: Params;
  /** Every Kubernetes object of the submission, by file path then document order. */
  objects: readonly KObject[];
  roles: Roles;
  /** Every YAML file name of the submission, relative to its folder. */
  fileNames: readonly string[];
}

export type Outcome =
  | { status: 'pass'; message: string }
  | { status: 'fail'; message: string; location?: Location; hint?: string; findings?: Finding[]; actual?: Actual; fix?: Fix };

export interface CheckMeta {
  id: string;
  title: string;
  /** What the check wants and why, for `kubegrade explain`. May use {{param}} placeholders. */
  description: string;
  /** The default fix hint. May use {{param}} placeholders. */
  hint: string;
  /** The role whose object the check reads, if any. */
  role?: string;
}

