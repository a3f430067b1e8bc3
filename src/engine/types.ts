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
}

export interface DataRubric {
  name: string;
  title?: string;
  file: string;
  params: Params;
  /** Where a username is read from file names: the part before this marker (`-hw7-`). */
  usernameMarker?: string;
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
}

/** The node a finding blames: a path in an object (its key with `key`), or a location. */
export type Node = { obj: KObject; path: Path; key?: boolean } | Location | undefined;

export interface TFinding {
  messageId: string;
  data?: Record<string, unknown>;
  node?: Node;
  fix?: Fix;
  hint?: string;
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
  /** This environment's objects. */
  envObjects(env?: string): KObject[];
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
  /** False: the check runs without a role's object (global, environment or file checks). Default true. */
  needsObject?: boolean;
  /** Whether the check is emitted at all (`envs.distinct-hosts` only when two environments grade an Ingress). */
  applies?(ctx: TemplateContext): boolean;
  check(ctx: TemplateContext): TFinding[];
}
