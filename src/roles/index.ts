/**
 * Stage 3: decide which object plays which role, by what it is (kind, image,
 * ports, names, what a Service selects), not only by its file name. The
 * scoring follows the rubric spec's rulings: each role goes to its
 * best-scoring candidate; a score of 0 or less takes no role; ties go to the
 * object in the file with the role's expected name (`jdoe-test-redis-pvc.yml`,
 * not its backup `a-copy.yml`), then the first by file path, then document
 * order (issue 17); an object takes at most one role.
 */
import type { KObject } from '../parse/index.js';
import type { RoleAssignment, RoleName } from '../types.js';
import { inExpectedFile } from '../checks/templates/common.js';
import { containers, declaresPort, get, isRedisImage, isRec, kindIs, podTemplate, portNumber, selects } from '../k8s/index.js';

export interface RoleParams {
  redisPort: number;
  flaskPort: number;
  /** With both, a tie goes to the file with the role's expected name (`<username>-<env>-<app>-<kind>.yml`). */
  username?: string;
  env?: string;
  fileExtensions?: readonly string[];
}

export type Roles = Partial<Record<RoleName, KObject>>;

export interface ResolvedRoles {
  roles: Roles;
  assignments: RoleAssignment[];
}

/** "Mentions X": X is a case-insensitive substring of the file path or metadata.name. */
export function mentions(obj: KObject, word: string): boolean {
  const w = word.toLowerCase();
  return obj.file.toLowerCase().includes(w) || (obj.name ?? '').toLowerCase().includes(w);
}

interface Scored {
  obj: KObject;
  score: number;
  reasons: string[];
}

/** Candidates come by file path, then document; of equal scores, one in `named` (a file with the role's expected name) wins, else the first. */
function best(candidates: Scored[], named: (obj: KObject) => boolean): Scored | undefined {
  let top: Scored | undefined;
  for (const c of candidates) {
    if (c.score <= 0) continue;
    if (!top || c.score > top.score || (c.score === top.score && named(c.obj) && !named(top.obj))) top = c;
  }
  return top;
}

/** Whether an object is in the file the role's object is expected in (any folder), when the username and env are known. */
function expectedIn(role: RoleName, params: RoleParams): (obj: KObject) => boolean {
  if (params.env === undefined) return () => false;
  const named = inExpectedFile([role], { username: params.username ?? '', env: params.env, fileExtensions: params.fileExtensions });
  return (obj) => named(obj.file);
}

function runsRedis(obj: KObject): boolean {
  return containers(obj).some((c) => isRedisImage(c.value.image));
}

export function resolveRoles(objects: readonly KObject[], params: RoleParams): ResolvedRoles {
  const taken = new Set<KObject>();
  const roles: Roles = {};
  const reasons: Partial<Record<RoleName, string>> = {};
  const take = (role: RoleName, s: Scored | undefined) => {
    if (!s) return;
    roles[role] = s.obj;
    reasons[role] = s.reasons.join(', ');
    taken.add(s.obj);
  };

  const deployments = objects.filter((o) => kindIs(o, 'Deployment'));

  take(
    'redis-deployment',
    best(
      deployments.map((obj) => {
        let score = 0;
        const why: string[] = [];
        if (runsRedis(obj)) (score += 5), why.push('runs the Redis image');
        if (declaresPort(obj, params.redisPort)) (score += 1), why.push(`declares containerPort ${params.redisPort}`);
        if (mentions(obj, 'redis')) (score += 2), why.push('mentions redis');
        if (mentions(obj, 'flask') || mentions(obj, 'debug')) (score -= 4), why.push('mentions flask or debug');
        return { obj, score, reasons: why };
      }),
      expectedIn('redis-deployment', params),
    ),
  );

  take(
    'flask-deployment',
    best(
      deployments
        .filter((obj) => !taken.has(obj) && !runsRedis(obj))
        .map((obj) => {
          let score = 0;
          const why: string[] = [];
          if (mentions(obj, 'flask')) (score += 3), why.push('mentions flask');
          if (declaresPort(obj, params.flaskPort)) (score += 2), why.push(`declares containerPort ${params.flaskPort}`);
          if (mentions(obj, 'api') || mentions(obj, 'app')) (score += 1), why.push('mentions api or app');
          if (mentions(obj, 'debug') || mentions(obj, 'worker') || mentions(obj, 'wrk')) (score -= 4), why.push('mentions debug or worker');
          return { obj, score, reasons: why };
        }),
      expectedIn('flask-deployment', params),
    ),
  );

  const pvcs = objects.filter((o) => kindIs(o, 'PersistentVolumeClaim'));
  const claimed = claimedNames(roles['redis-deployment']);
  const namedPvc = expectedIn('redis-pvc', params);
  // The first of these that is in the expected file, else the first.
  const pick = (list: KObject[]) => list.find(namedPvc) ?? list[0];
  const pvc = pick(pvcs.filter((p) => p.name !== undefined && claimed.has(p.name))) ?? pick(pvcs.filter((p) => mentions(p, 'redis'))) ?? pick(pvcs);
  if (pvc) {
    const why = claimed.has(pvc.name ?? '\0') ? 'claimed by the Redis Deployment' : mentions(pvc, 'redis') ? 'mentions redis' : 'the first PVC';
    take('redis-pvc', { obj: pvc, score: 1, reasons: [why] });
  }

  const services = objects.filter((o) => kindIs(o, 'Service'));
  const scoreService = (obj: KObject, word: string, other: string, port: number, own?: KObject, theirs?: KObject): Scored => {
    let score = 0;
    const why: string[] = [];
    const sel = get(obj.value, ['spec', 'selector']);
    if (mentions(obj, word)) (score += 2), why.push(`mentions ${word}`);
    if (mentions(obj, other)) (score -= 2), why.push(`mentions ${other}`);
    const ports = get(obj.value, ['spec', 'ports']);
    if (Array.isArray(ports) && ports.some((p) => isRec(p) && portNumber(p.port) === port)) (score += 1), why.push(`has port ${port}`);
    const ownT = own && podTemplate(own);
    const theirT = theirs && podTemplate(theirs);
    if (ownT && selects(sel, ownT.labels)) (score += 2), why.push(`selects the ${word} pods`);
    if (theirT && selects(sel, theirT.labels)) (score -= 1), why.push(`selects the ${other} pods`);
    return { obj, score, reasons: why };
  };
  take(
    'redis-service',
    best(
      services.map((s) => scoreService(s, 'redis', 'flask', params.redisPort, roles['redis-deployment'], roles['flask-deployment'])),
      expectedIn('redis-service', params),
    ),
  );
  take(
    'flask-service',
    best(
      services
        .filter((s) => !taken.has(s))
        .map((s) => scoreService(s, 'flask', 'redis', params.flaskPort, roles['flask-deployment'], roles['redis-deployment'])),
      expectedIn('flask-service', params),
    ),
  );

  const order: RoleName[] = ['redis-pvc', 'redis-deployment', 'redis-service', 'flask-deployment', 'flask-service'];
  const assignments = order.map((role): RoleAssignment => {
    const o = roles[role];
    return o
      ? { role, file: o.file, document: o.document, kind: o.kind, name: o.name, reason: reasons[role] }
      : { role };
  });
  return { roles, assignments };
}

/** Names of the PVCs a workload's pod template mounts. */
export function claimedNames(obj: KObject | undefined): Set<string> {
  const out = new Set<string>();
  if (!obj) return out;
  const t = podTemplate(obj);
  if (!t) return out;
  const vols = get(obj.value, [...t.path, 'spec', 'volumes']);
  if (!Array.isArray(vols)) return out;
  for (const v of vols) {
    const claim = get(v, ['persistentVolumeClaim', 'claimName']);
    if (typeof claim === 'string') out.add(claim);
  }
  return out;
}
