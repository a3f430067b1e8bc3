/**
 * The rubric engine's shapes: a data rubric (roles, environments, checks that
 * name a template), the world a grade builds (objects, their environments,
 * the roles each environment's objects take), and the template interface
 * (ESLint's rule shape: messages by id, findings with a node and a fix).
 */
import type { KObject, Path } from '../parse/index.js';
import type { Actual, Finding, Fix, Location } from '../types.js';

export type Params = Record<string, unknown>;

/** How an object is recognised for a role: one of a closed set of matchers (src/engine/matchers.ts). */
export type Matcher = Record<string, unknown>;

export interface ScoreRule {
  /** Points added (or taken, when negative) when `if` matches. */
  add: number;
  if: Matcher;
  /** Words for the report ("runs the Redis image"); default: the matcher as text. */
  why?: string;
}

export interface RoleSpec {
  name: string;
  kind: string;
  /** For messages: "Redis Deployment". */
  label: string;
  /** `score` (best score > 0, ties to the first by path) or `first` (the first rule any candidate matches). */
  pick: 'score' | 'first';
  /** Objects matching any of these never take the role. */
  never: Matcher[];
  /** When given, only objects matching one of these are candidates. */
  only: Matcher[];
  score: ScoreRule[];
  /** `pick: first`: the rules in order; a rule's `why` words the report's reason. */
  first: Matcher[];
  /** Of candidates equal otherwise (the same score; matching the same `first` rule), one matching this wins (the file with the role's expected name). */
  tie?: Matcher;
}

export interface EnvSpec {
  /** The environment names, in report order (`test`, `prod`). */
  names: string[];
  /** Graded even when absent. */
  required: string[];
  /** The environment when nothing in the submission names one. */
  default: string | null;
  /** The label that may name an object's environment. */
  label: string;
  /** Roles of a required environment: required ones are graded always, optional ones when present. */
  roles: { required: string[]; optional: string[] };
  /** Roles of an environment that is present but not required. */
  extraRoles: { required: string[]; optional: string[] };
}

export interface CheckSpec {
  /** As written: may hold `{{env}}`. */
  id: string;
  points: number;
  template: string;
  role?: string;
  with: Params;
  title: string;
  hint: string;
  /** The rubric parameter each `with` key refers to as a whole (`equals: "{{redisReplicas}}"`), for a finding's `actual`. */
  refs?: Record<string, string>;
  /** Emitted only when this parameter is set (not null/false), and equals `equals` when given. */
  when?: { param: string; equals?: unknown };
  /** The check reads the username (names, labels, files): without one it fails with "the username is unknown". */
  needsUsername?: boolean;
  /** A check of the live pass (src/live): `skip` in the static pass; `template` is empty. */
  live?: boolean;
  /** The template itself, when the rubric's loader resolved it (a HW6-form rubric loads only the templates it names). */
  impl?: Template;
}

/** Where a username is read from: file names (the part before `marker`), then `label` labels; given one is checked against them. */
export interface UsernameSpec {
  /** `-hw7-`, or `-{{env}}-` (filled with the graded environment). */
  marker?: string;
  /** Which file names holding the marker say it: the prefix most of them share (default), or the first's, in path order. */
  pick?: 'common' | 'first';
  /** A label that carries the username (`username`). */
  label?: string;
  /** When nothing else says it: the part before the first `-` of a file whose name has a role's first word. */
  roleFiles?: boolean;
  /** What `{{username}}` reads in checks' `with` while the username is unknown (`<username>`, so that a file name in a hint says where it goes). Default: empty. */
  unknown?: string;
}

export interface DataRubric {
  name: string;
  title?: string;
  file: string;
  params: Params;
  /** Where a username is read from (file names, labels). */
  username?: UsernameSpec;
  /**
   * `applied`: the objects graded are those `kubectl apply` would leave (src/objects: one per kind,
   * namespace and name, the last applied; roles only from the namespace of the rest), the others
   * being findings of the check of the objects that take no role. Default: every object.
   */
  objects?: 'all' | 'applied';
  environments?: EnvSpec;
  /** In report order. */
  roles: RoleSpec[];
  /** The roles in the order they are resolved: a role after those its matchers name (`selects`, `claimedBy`, ...), else in report order. */
  resolution: RoleSpec[];
  /** How a report words why an object took a role: `scored` (+5 runs Redis) or `plain` (runs Redis). */
  roleReasons: 'scored' | 'plain';
  checks: CheckSpec[];
}

export type EnvRule = 'folder' | 'file' | 'name' | 'counterpart' | 'label' | 'only' | 'default';

export interface World {
  params: Params;
  objects: readonly KObject[];
  fileNames: readonly string[];
  /** Each object's environment ('' in a rubric without environments), and the rule that decided it. */
  envOf: Map<KObject, { env: string; rule: EnvRule } | undefined>;
  /** The graded environments, in the rubric's order ('' alone without environments). */
  graded: string[];
  /** env -> role -> object. */
  roles: Map<string, Map<string, KObject>>;
  /** object -> its role and environment. */
  roleOf: Map<KObject, { env: string; role: string }>;
  /** env -> role -> why it was taken. */
  reasons: Map<string, Map<string, string>>;
  rubric: DataRubric;
  /** env -> roles whose checks are emitted there. */
  gradedRoles: Map<string, Set<string>>;
  /** The parse stage's findings (`yaml-parse`). */
  parseFindings: readonly Finding[];
  /** The schema stage's findings, by object (`schema`). */
  schemaFindings: ReadonlyMap<KObject, Finding[]>;
  /** The objects the schema stage read (with `objects: applied`, also those in another namespace, which take no role). */
  validated: readonly KObject[];
  /** Those of them no schema could validate (an unknown kind without --schema). */
  unvalidated: ReadonlySet<KObject>;
  /** What applying the objects would lose (replaced copies, objects in another namespace): findings of the check of the objects that take no role. */
  appliedFindings: readonly Finding[];
}

/** What the pipeline's stages found before the checks: the schema stage's verdicts, and what applying the objects loses. */
export interface StageFindings {
  schemaFindings: ReadonlyMap<KObject, Finding[]>;
  validated?: readonly KObject[];
  unvalidated?: ReadonlySet<KObject>;
  appliedFindings?: readonly Finding[];
}

/** The node a finding blames: a path in an object (its key with `key`), or a location. */
export type Node = { obj: KObject; path: Path; key?: boolean } | Location | undefined;

export interface TFinding {
  messageId: string;
  data?: Record<string, unknown>;
  node?: Node;
  fix?: Fix;
  hint?: string;
  /** A finding a pipeline stage made already (parse, schema): reported as it is, its message in the list unchanged. */
  finding?: Finding;
  /**
   * What the student wrote for the value a `with` key compares against (`param` is that key): the
   * report's `actual` names the rubric parameter the key refers to (`equals: "{{redisReplicas}}"`), for the
   * batch summary's rubric warning.
   */
  actual?: Actual;
}

export interface TemplateContext {
  world: World;
  /** The environment being graded ('' without environments). */
  env: string;
  /** The check's parameters (`with`), references resolved. */
  with: Params;
  params: Params;
  /** The role's object in this environment, when the check has a role and it is filled. */
  obj?: KObject;
  role?: string;
  /** A role's object in this environment (or another). */
  roleObj(role: string, env?: string): KObject | undefined;
  /** This environment's objects (one list shared by the checks: read, never changed). */
  envObjects(env?: string): readonly KObject[];
}

export interface Template {
  key: string;
  /** Kinds the role's object may have (empty: any, or no object). */
  kinds: string[];
  description: string;
  /** JSON schema of `with` (compiled by the build: scripts/gen-schemas.mjs). */
  schema: Record<string, unknown>;
  /** Messages by id, `{{name}}` placeholders filled from a finding's data. `ok` is the passing message. */
  messages: Record<string, string>;
  /** The passing message when it says what passed (`spec.type is not set, which means ClusterIP`); else `messages.ok` with the check's `with`. Called only for a check that passes. */
  ok?(ctx: TemplateContext): { messageId: string; data?: Record<string, unknown> };
  /**
   * True: the template reports a pipeline stage's findings (parse, schema): each keeps its own
   * hint, the check's fix makes all their edits, and `kubegrade explain` names it a pipeline check.
   */
  stage?: boolean;
  /** True: the check says which file the role's object belongs in (`stem`, `extensions`): a missing object's hint, the expected file of a copy. */
  namesFile?: boolean;
  /** False: the check runs without a role's object (global, environment or file checks). Default true. */
  needsObject?: boolean;
  /** Whether the check is emitted at all (`envs.distinct-hosts` only when two environments grade an Ingress). */
  applies?(ctx: TemplateContext): boolean;
  check(ctx: TemplateContext): TFinding[];
}
