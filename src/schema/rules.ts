/**
 * The API server's own validation that the OpenAPI schema does not express, limited to what it
 * really rejects (pkg/apis/core/validation, pkg/apis/apps/validation and apimachinery's name and
 * label rules). No opinions: a missing resource limit is fine here.
 *
 * Every check guards its own types: a value of the wrong type is already an issue from the schema.
 */
import type { Path, SchemaIssue } from './index.js';
import { caseOrTypoHint, closest, formatPath, listWords } from './words.js';
import { parseQuantity, templatePathOfKind, unmetRequirement } from '../k8s/index.js';
import { goTrimSpace, memoText } from '../util/text.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

// --- name and label syntax (k8s.io/apimachinery/pkg/util/validation) ---------------------------

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

type NameRule = 'subdomain' | 'label' | 'dns1035' | 'segment';
/**
 * Each kind's name rule (pkg/apis/<group>/validation: ValidateObjectMeta's name function). Most kinds are
 * DNS subdomains; RBAC objects and CertificateSigningRequests only need a valid path segment, and the
 * kinds whose names have a grammar of their own (CRDs, APIServices, ClusterTrustBundles) are held to
 * that loosest rule here rather than to a wrong one.
 */
const NAME_RULE: Record<string, NameRule> = {
  Service: 'dns1035',
  Namespace: 'label',
  Role: 'segment',
  ClusterRole: 'segment',
  RoleBinding: 'segment',
  ClusterRoleBinding: 'segment',
  CertificateSigningRequest: 'segment',
  CustomResourceDefinition: 'segment',
  APIService: 'segment',
  ClusterTrustBundle: 'segment',
};

function isName(s: string, rule: NameRule): boolean {
  if (rule === 'segment') return s !== '.' && s !== '..' && !s.includes('/') && !s.includes('%');
  if (rule === 'subdomain') return s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
  if (rule === 'label') return s.length <= 63 && DNS1123_LABEL.test(s);
  return s.length <= 63 && DNS1035_LABEL.test(s);
}

/** Whether the API server accepts `name` as the metadata.name of an object of `kind`. */
export function isValidName(kind: string | undefined, name: string): boolean {
  return isName(name, NAME_RULE[kind ?? ''] ?? 'subdomain');
}

const RULE_WORDS: Record<NameRule, string> = {
  subdomain: "lowercase letters, digits, '-' and '.', starting and ending with a letter or digit (at most 253)",
  label: "at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit",
  dns1035: "at most 63 lowercase letters, digits and '-', starting with a letter and ending with a letter or digit",
  segment: "it may not be '.' or '..' and may not contain '/' or '%'",
};

/** The nearest valid name: `Redis_PVC` → `redis-pvc`. */
function fixName(s: string, rule: NameRule): string {
  if (rule === 'segment') return s.replace(/[/%]+/g, '-').replace(/^\.{1,2}$/, '');
  let t = s.toLowerCase().replace(rule === 'subdomain' ? /[^a-z0-9.-]+/g : /[^a-z0-9-]+/g, '-');
  t = t.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  if (rule === 'dns1035') t = t.replace(/^[^a-z]+/, '');
  return t.slice(0, rule === 'subdomain' ? 253 : 63).replace(/[^a-z0-9]+$/, '');
}

function fixLabelValue(s: string): string {
  return s
    .replace(/[^-A-Za-z0-9_.]+/g, '-')
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')
    .slice(0, 63)
    .replace(/[^A-Za-z0-9]+$/, '');
}

/** A label or annotation key's problem, remembered per key: a class repeats a few keys (app, env, username) on every object. */
const qualifiedNameProblem = memoText(keyProblem, 2000, 320);

function keyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'may contain at most one "/"';
  const name = parts[parts.length - 1]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) {
      return `has an invalid prefix "${prefix}" (before the "/" it must be a lowercase DNS name such as example.com)`;
    }
  }
  if (name.length === 0) return 'has an empty name';
  if (name.length > 63) return 'is longer than 63 characters';
  if (!QUALIFIED_NAME.test(name)) return "must be letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  return undefined;
}

function ianaProblem(s: string): string | undefined {
  if (s.length > 15) return 'is longer than 15 characters';
  if (!IANA_SVC_NAME.test(s)) return "must be lowercase letters, digits and '-', starting and ending with a letter or digit";
  if (s.includes('--')) return 'must not contain "--"';
  if (!/[a-z]/.test(s)) return 'must contain at least one letter';
  return undefined;
}

// --- selectors ----------------------------------------------------------------------------------

/** Why a selector does not select these labels (the k8s layer's rule), and the edit that makes them agree. */
function selectorMismatch(sel: Obj, labels: Obj): { why: string; fix: string } | undefined {
  const unmet = unmetRequirement(sel, labels);
  if (!unmet) return undefined;
  if ('label' in unmet) {
    const k = unmet.label[0];
    const v = (sel.matchLabels as Obj)[k];
    if (!(k in labels)) return { why: `the template labels have no ${k}: ${String(v)}`, fix: `add ${k}: ${String(v)} to spec.template.metadata.labels` };
    return {
      why: `the template has ${k}: ${String(labels[k])}, the selector wants ${k}: ${String(v)}`,
      fix: `make them agree: write ${k}: ${String(labels[k])} in spec.selector.matchLabels (or ${k}: ${String(v)} in spec.template.metadata.labels)`,
    };
  }
  const ex = unmet.expression;
  return {
    why: `the template labels do not satisfy ${ex.key} ${ex.operator}${ex.values.length ? ` (${ex.values.map(String).join(', ')})` : ''}`,
    fix: 'make spec.template.metadata.labels satisfy spec.selector.matchExpressions',
  };
}

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
const isZero = (v: unknown): boolean => v === 0 || (typeof v === 'string' && /^0+%?$/.test(v));

// --- the rules ------------------------------------------------------------------------------------

const WORKLOADS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);
const NEEDS_SPEC = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'Service', 'PersistentVolumeClaim', 'PersistentVolume']);

export function apiServerRules(kind: string, data: Obj, issues: SchemaIssue[]): void {
  const add = (path: Path, message: string, hint?: string, onKey?: boolean): void => {
    const issue: SchemaIssue = { path, message };
    if (onKey) issue.onKey = true;
    if (hint !== undefined) issue.hint = hint;
    issues.push(issue);
  };

  checkMetadata(kind, data, add);

  const spec = data.spec;
  if (NEEDS_SPEC.has(kind) && spec === undefined) {
    add([], `missing required field "spec"`, `add spec: with the ${kind}'s settings`);
    return;
  }
  if (!isObj(spec) && kind !== 'ConfigMap' && kind !== 'Secret') return;

  if (WORKLOADS.has(kind) && isObj(spec)) checkWorkload(kind, spec, add);
  if (kind === 'Job' && isObj(spec)) checkJobTemplate(['spec'], spec, add);
  if (kind === 'CronJob' && isObj(spec) && isObj(spec.jobTemplate) && isObj(spec.jobTemplate.spec)) {
    const jt = spec.jobTemplate;
    if (isObj(jt.metadata)) checkLabelMap(['spec', 'jobTemplate', 'metadata', 'labels'], jt.metadata.labels, add);
    checkJobTemplate(['spec', 'jobTemplate', 'spec'], jt.spec as Obj, add);
  }
  if (kind === 'Pod' && isObj(spec)) checkPodSpec(['spec'], spec, 'Pod', add);
  if (kind === 'Service' && isObj(spec)) checkService(spec, add);
  if (kind === 'PersistentVolumeClaim' && isObj(spec)) checkPvc(spec, add);
  if (kind === 'PersistentVolume' && isObj(spec)) checkPv(spec, add);
  if (kind === 'ConfigMap' || kind === 'Secret') checkConfigData(data, add);
}

type Add = (path: Path, message: string, hint?: string, onKey?: boolean) => void;

function checkMetadata(kind: string, data: Obj, add: Add): void {
  const meta = data.metadata;
  if (meta === undefined) {
    add([], 'missing required field "metadata"', 'add metadata: with a name: under it');
    return;
  }
  if (!isObj(meta)) return;
  const rule = NAME_RULE[kind] ?? 'subdomain';
  if (meta.name === undefined || meta.name === '') {
    if (typeof meta.generateName !== 'string' || meta.generateName === '') {
      add(['metadata'], 'missing required field "name" in metadata', 'add name: under metadata');
    }
  } else if (typeof meta.name === 'string') {
    const name = meta.name;
    if (!isName(name, rule)) {
      const fixed = fixName(name, rule);
      add(
        ['metadata', 'name'],
        `metadata.name ${JSON.stringify(name)} is not a valid ${kind} name: ${RULE_WORDS[rule]}`,
        fixed ? `write name: ${fixed}` : undefined,
      );
    } else if (kind === 'CronJob' && name.length > 52) {
      add(['metadata', 'name'], `metadata.name of a CronJob must be at most 52 characters (it has ${name.length})`);
    }
  }
  if (typeof meta.namespace === 'string' && meta.namespace !== '' && !isName(meta.namespace, 'label')) {
    const fixed = fixName(meta.namespace, 'label');
    add(['metadata', 'namespace'], `metadata.namespace ${JSON.stringify(meta.namespace)} is not a valid namespace: ${RULE_WORDS.label}`, fixed ? `write namespace: ${fixed}` : undefined);
  }
  checkLabelMap(['metadata', 'labels'], meta.labels, add);
  if (isObj(meta.annotations)) {
    for (const k of Object.keys(meta.annotations)) {
      const p = qualifiedNameProblem(k);
      if (p) add(['metadata', 'annotations', k], `annotation key ${JSON.stringify(k)} ${p}`, undefined, true);
    }
  }
}

function checkLabelMap(path: Path, labels: unknown, add: Add, what = 'label'): void {
  if (!isObj(labels)) return;
  const where = (): string => formatPath(path); // only for a message: most label maps are fine
  for (const [k, v] of Object.entries(labels)) {
    const kp = qualifiedNameProblem(k);
    if (kp) {
      const fixed = fixLabelValue(k);
      add([...path, k], `${what} key ${JSON.stringify(k)} in ${where()} ${kp}`, fixed && fixed !== k ? `write ${fixed}: instead` : undefined, true);
    }
    if (typeof v !== 'string') continue; // the schema reports the type
    if (v.length > 63 || !LABEL_VALUE.test(v)) {
      const fixed = fixLabelValue(v);
      add(
        [...path, k],
        `${what} value ${JSON.stringify(v)} (${formatPath([...path, k])}) is not valid: at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit`,
        fixed ? `write ${k}: ${fixed}` : `write ${k}: "" or a short word`,
      );
    }
  }
}

function checkWorkload(kind: string, spec: Obj, add: Add): void {
  // Where this kind keeps its pod template (spec.template for every workload kind): the k8s layer's one home of that path.
  const tp = templatePathOfKind(kind) ?? ['spec', 'template'];
  if (typeof spec.replicas === 'number' && spec.replicas < 0) {
    add(['spec', 'replicas'], `spec.replicas must be 0 or more, not ${spec.replicas}`, 'write replicas: 1');
  }
  const strategy = spec.strategy;
  if (kind === 'Deployment' && isObj(strategy)) {
    const ru = strategy.rollingUpdate;
    if (strategy.type === 'Recreate' && ru !== undefined) {
      add(['spec', 'strategy', 'rollingUpdate'], 'spec.strategy.rollingUpdate cannot be set when spec.strategy.type is Recreate', 'remove rollingUpdate, or set type: RollingUpdate');
    } else if (isObj(ru) && isZero(ru.maxSurge) && isZero(ru.maxUnavailable)) {
      add(['spec', 'strategy', 'rollingUpdate', 'maxUnavailable'], 'spec.strategy.rollingUpdate.maxUnavailable and maxSurge cannot both be 0 (the rollout could never progress)', 'set maxSurge: 1 (or maxUnavailable: 1)');
    }
  }
  const template = spec.template;
  const tmeta = isObj(template) && isObj(template.metadata) ? template.metadata : undefined;
  const tlabels = tmeta && isObj(tmeta.labels) ? tmeta.labels : undefined;
  if (tmeta) checkLabelMap([...tp, 'metadata', 'labels'], tmeta.labels, add);
  const sel = spec.selector;
  if (isObj(sel)) {
    checkLabelMap(['spec', 'selector', 'matchLabels'], sel.matchLabels, add);
    arr(sel.matchExpressions).forEach((ex, i) => {
      if (!isObj(ex) || typeof ex.operator !== 'string') return;
      const ep = ['spec', 'selector', 'matchExpressions', i];
      if (!OPERATORS.includes(ex.operator)) {
        const guess = closest(ex.operator, OPERATORS);
        add([...ep, 'operator'], `${formatPath([...ep, 'operator'])} "${ex.operator}" is not one of ${OPERATORS.join(', ')}`, guess ? caseOrTypoHint(ex.operator, guess) : undefined);
        return;
      }
      const n = arr(ex.values).length;
      if ((ex.operator === 'In' || ex.operator === 'NotIn') && n === 0) {
        add(ep, `${formatPath(ep)} needs values: for operator ${ex.operator}`, 'add values: [ ... ]');
      } else if ((ex.operator === 'Exists' || ex.operator === 'DoesNotExist') && n > 0) {
        add([...ep, 'values'], `${formatPath([...ep, 'values'])} must be empty for operator ${ex.operator}`, 'remove values');
      }
    });
    const hasLabels = isObj(sel.matchLabels) && Object.keys(sel.matchLabels).length > 0;
    const hasExprs = arr(sel.matchExpressions).length > 0;
    if (!hasLabels && !hasExprs) {
      add(['spec', 'selector'], `spec.selector must not be empty: a ${kind} needs matchLabels`, 'add matchLabels: with the same labels as spec.template.metadata.labels');
    } else if (isObj(template)) {
      const mismatch = selectorMismatch(sel, tlabels ?? {});
      if (mismatch) {
        add(hasLabels ? ['spec', 'selector', 'matchLabels'] : ['spec', 'selector'], `spec.selector does not match template labels: ${mismatch.why}`, mismatch.fix);
      }
    }
  }
  if (isObj(template)) {
    if (isObj(template.spec)) {
      checkPodSpec([...tp, 'spec'], template.spec, kind, add);
      const rp = template.spec.restartPolicy;
      if (typeof rp === 'string' && rp !== 'Always' && ['OnFailure', 'Never'].includes(rp)) {
        add([...tp, 'spec', 'restartPolicy'], `spec.template.spec.restartPolicy must be Always in a ${kind}, not ${rp}`, 'remove restartPolicy (Always is the default)');
      }
    }
  }
}

function checkJobTemplate(base: Path, jobSpec: Obj, add: Add): void {
  const template = jobSpec.template;
  if (!isObj(template)) return;
  const tb = [...base, 'template'];
  if (isObj(template.metadata)) checkLabelMap([...tb, 'metadata', 'labels'], template.metadata.labels, add);
  if (!isObj(template.spec)) return;
  const ps = [...tb, 'spec'];
  checkPodSpec(ps, template.spec, 'Job', add);
  const rp = template.spec.restartPolicy;
  if (rp === undefined) {
    add(ps, `missing required field "restartPolicy" in ${formatPath(ps)}: a Job's pods need OnFailure or Never`, `add restartPolicy: Never under ${formatPath(ps)}`);
  } else if (rp === 'Always') {
    add([...ps, 'restartPolicy'], `${formatPath([...ps, 'restartPolicy'])} must be OnFailure or Never in a Job, not Always`, 'write restartPolicy: Never');
  }
}

function checkPodSpec(base: Path, ps: Obj, kind: string, add: Add): void {
  const where = formatPath(base);
  const volumeNames: string[] = [];
  const seenVol = new Set<string>();
  arr(ps.volumes).forEach((v, i) => {
    if (!isObj(v) || typeof v.name !== 'string') return;
    const vp = [...base, 'volumes', i];
    if (!isName(v.name, 'label')) {
      add([...vp, 'name'], `${formatPath([...vp, 'name'])} ${JSON.stringify(v.name)} is not a valid volume name: ${RULE_WORDS.label}`, fixName(v.name, 'label') ? `write name: ${fixName(v.name, 'label')}` : undefined);
    }
    if (seenVol.has(v.name)) add([...vp, 'name'], `volume name ${JSON.stringify(v.name)} is used twice in ${where}.volumes`, 'give each volume its own name');
    seenVol.add(v.name);
    volumeNames.push(v.name);
    if (isObj(v.persistentVolumeClaim) && v.persistentVolumeClaim.claimName === '') {
      add([...vp, 'persistentVolumeClaim', 'claimName'], `${formatPath([...vp, 'persistentVolumeClaim', 'claimName'])} is empty`, "write the PersistentVolumeClaim's metadata.name");
    }
    const sources = Object.keys(v).filter((k) => k !== 'name');
    if (sources.length > 1) {
      add(vp, `${formatPath(vp)} has more than one volume source (${sources.join(', ')}); a volume has exactly one`, `keep one of ${listWords(sources)}`);
    }
  });

  const containers = ps.containers;
  if (Array.isArray(containers) && containers.length === 0) {
    add([...base, 'containers'], `${where}.containers is empty: a pod needs at least one container`, 'add a container with name: and image:');
  }
  const seenNames = new Set<string>();
  for (const field of ['initContainers', 'containers'] as const) {
    arr(ps[field]).forEach((c, i) => {
      if (!isObj(c)) return;
      const cp = [...base, field, i];
      checkContainer(cp, c, add, volumeNames, base, seenNames);
      // Only a Pod's own containers: a template's image with spaces is taken, its pods refused.
      if (kind === 'Pod' && typeof c.image === 'string' && goTrimSpace(c.image) !== c.image) {
        add([...cp, 'image'], `${formatPath([...cp, 'image'])} ${JSON.stringify(c.image)} must not have leading or trailing whitespace`, `write image: ${goTrimSpace(c.image)}`);
      }
    });
  }
  checkLabelMap([...base, 'nodeSelector'], ps.nodeSelector, add, 'nodeSelector');
}

function checkContainer(cp: Path, c: Obj, add: Add, volumeNames: string[], podBase: Path, seenNames: Set<string>): void {
  const label = (): string => formatPath(cp); // only for a message
  if (typeof c.name === 'string') {
    if (!isName(c.name, 'label')) {
      const fixed = fixName(c.name, 'label');
      add([...cp, 'name'], `${label()}.name ${JSON.stringify(c.name)} is not a valid container name: ${RULE_WORDS.label}`, fixed ? `write name: ${fixed}` : undefined);
    } else if (seenNames.has(c.name)) {
      add([...cp, 'name'], `container name ${JSON.stringify(c.name)} is used twice in this pod`, 'give each container its own name');
    }
    seenNames.add(c.name);
  }
  if (c.image === undefined || c.image === '') {
    add(cp, `missing required field "image" in ${label()}`, 'add image: (for example redis:5.0.0)');
  }
  const portNames = new Set<string>();
  arr(c.ports).forEach((p, j) => {
    if (!isObj(p)) return;
    const pp = [...cp, 'ports', j];
    if (typeof p.containerPort === 'number' && Number.isInteger(p.containerPort) && (p.containerPort < 1 || p.containerPort > 65535)) {
      add([...pp, 'containerPort'], `${formatPath([...pp, 'containerPort'])} ${p.containerPort} is not a port number (1-65535)`);
    }
    if (typeof p.hostPort === 'number' && Number.isInteger(p.hostPort) && p.hostPort !== 0 && (p.hostPort < 1 || p.hostPort > 65535)) {
      add([...pp, 'hostPort'], `${formatPath([...pp, 'hostPort'])} ${p.hostPort} is not a port number (1-65535)`);
    }
    if (typeof p.name === 'string' && p.name !== '') {
      const prob = ianaProblem(p.name);
      if (prob) add([...pp, 'name'], `${formatPath([...pp, 'name'])} ${JSON.stringify(p.name)} is not a valid port name: it ${prob}`, portNameHint(p.name));
      else if (portNames.has(p.name)) add([...pp, 'name'], `port name ${JSON.stringify(p.name)} is used twice in ${label()}`);
      portNames.add(p.name);
    }
  });
  const mountPaths = new Set<string>();
  arr(c.volumeMounts).forEach((m, j) => {
    if (!isObj(m)) return;
    if (typeof m.mountPath === 'string' && m.mountPath !== '') {
      if (mountPaths.has(m.mountPath)) {
        add([...cp, 'volumeMounts', j, 'mountPath'], `${formatPath([...cp, 'volumeMounts', j, 'mountPath'])} "${m.mountPath}" is mounted twice in this container`, 'give each volumeMount its own mountPath');
      }
      mountPaths.add(m.mountPath);
    }
    if (typeof m.name !== 'string') return;
    if (volumeNames.includes(m.name)) return;
    const vols = formatPath([...podBase, 'volumes']);
    const guess = closest(m.name, volumeNames);
    add(
      [...cp, 'volumeMounts', j, 'name'],
      `${formatPath([...cp, 'volumeMounts', j])} mounts volume ${JSON.stringify(m.name)}, but ${vols} ${volumeNames.length ? `declares only ${volumeNames.map((n) => JSON.stringify(n)).join(', ')}` : 'declares no volume'}`,
      guess ? `did you mean "${guess}"?` : `add a volume named ${m.name} under ${vols} (e.g. - name: ${m.name} with persistentVolumeClaim: claimName: <your PVC>)`,
    );
  });
  arr(c.env).forEach((e, j) => {
    if (!isObj(e)) return;
    const ep = [...cp, 'env', j];
    if (typeof e.name === 'string' && e.name !== '' && !ENV_NAME.test(e.name)) {
      const fixed = e.name.replace(/[^-._a-zA-Z0-9]+/g, '_').replace(/^[0-9]+/, '');
      add([...ep, 'name'], `${formatPath([...ep, 'name'])} ${JSON.stringify(e.name)} is not a valid environment variable name: letters, digits, '_', '-' and '.', not starting with a digit`, fixed ? `write name: ${fixed}` : undefined);
    }
    if (typeof e.value === 'string' && e.value !== '' && e.valueFrom !== undefined) {
      add([...ep, 'valueFrom'], `${formatPath(ep)} has both value and valueFrom`, 'keep one of value or valueFrom');
    }
  });
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    const pr = c[probe];
    if (!isObj(pr)) continue;
    const pp = [...cp, probe];
    const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((h) => pr[h] !== undefined);
    if (handlers.length === 0) {
      add(pp, `${formatPath(pp)} has no check: it needs one of httpGet, tcpSocket, exec or grpc`, 'add for example tcpSocket: with port: <container port>');
    } else if (handlers.length > 1) {
      add(pp, `${formatPath(pp)} has more than one check (${handlers.join(', ')}); a probe has exactly one`, `keep one of ${listWords(handlers)}`);
    }
    checkHandlerPorts(pp, pr, add);
  }
  if (isObj(c.lifecycle)) {
    for (const hook of ['postStart', 'preStop'] as const) {
      const h = c.lifecycle[hook];
      if (isObj(h)) checkHandlerPorts([...cp, 'lifecycle', hook], h, add);
    }
  }
  const res = c.resources;
  if (isObj(res)) {
    const req = isObj(res.requests) ? res.requests : {};
    const lim = isObj(res.limits) ? res.limits : {};
    for (const [group, map] of [['requests', req], ['limits', lim]] as const) {
      for (const [k, v] of Object.entries(map)) {
        if (!isContainerResource(k)) {
          add(
            [...cp, 'resources', group, k],
            `${formatPath([...cp, 'resources', group])} names ${JSON.stringify(k)}, which is not a container resource: use cpu, memory or ephemeral-storage (or a vendor resource such as nvidia.com/gpu)`,
            closest(k, ['cpu', 'memory', 'ephemeral-storage']) ? `did you mean "${closest(k, ['cpu', 'memory', 'ephemeral-storage'])!}"?` : undefined,
            true,
          );
          continue;
        }
        const q = parseQuantity(v);
        if (q !== undefined && q < 0) add([...cp, 'resources', group, k], `${formatPath([...cp, 'resources', group, k])} must not be negative`);
      }
    }
    for (const [k, v] of Object.entries(req)) {
      const r = parseQuantity(v);
      const l = parseQuantity(lim[k]);
      if (r !== undefined && l !== undefined && r > l) {
        add([...cp, 'resources', 'requests', k], `${formatPath([...cp, 'resources', 'requests', k])} ${String(v)} is more than the limit ${String(lim[k])}`, `make the request at most the limit (${String(lim[k])})`);
      }
    }
  }
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** cpu, memory, ephemeral-storage, hugepages-<size>, or a vendor resource with a domain (nvidia.com/gpu). */
function isContainerResource(k: string): boolean {
  if (k === 'cpu' || k === 'memory' || k === 'ephemeral-storage') return true;
  if (k.startsWith('hugepages-')) return parseQuantity(k.slice('hugepages-'.length)) !== undefined;
  const slash = k.indexOf('/');
  return slash > 0 && !k.startsWith('kubernetes.io/') && !k.startsWith('requests.') && qualifiedNameProblem(k) === undefined;
}

/** httpGet.port and tcpSocket.port are IntOrString: a number in 1-65535 or a port name. */
function checkHandlerPorts(base: Path, h: Obj, add: Add): void {
  for (const kind of ['httpGet', 'tcpSocket'] as const) {
    const x = h[kind];
    if (!isObj(x)) continue;
    const p = [...base, kind, 'port'];
    const v = x.port;
    if (typeof v === 'number' && Number.isInteger(v) && (v < 1 || v > 65535)) {
      add(p, `${formatPath(p)} ${v} is not a port number (1-65535)`);
    } else if (typeof v === 'string') {
      if (/^\s*\d+\s*$/.test(v)) {
        add(p, `${formatPath(p)} "${v}" is a string, so it is read as a port name, and a port name cannot be all digits`, `remove the quotes: port: ${v.trim()}`);
      } else {
        const prob = ianaProblem(v);
        if (prob) add(p, `${formatPath(p)} "${v}" is not a valid port name: it ${prob}`, portNameHint(v));
      }
    }
  }
}

function portNameHint(name: string): string | undefined {
  const fixed = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 15).replace(/-$/, '');
  if (/^\d+$/.test(name)) return `remove the quotes to use it as a number`;
  return fixed && /[a-z]/.test(fixed) && fixed !== name ? `write ${fixed}` : undefined;
}

function checkService(spec: Obj, add: Add): void {
  // Absent, null and "" are ClusterIP: the API server defaults them before it validates (k8s/refs.ts serviceType).
  const type = typeof spec.type === 'string' && spec.type !== '' ? spec.type : 'ClusterIP';
  checkLabelMap(['spec', 'selector'], spec.selector, add, 'selector');
  const ports = spec.ports;
  const headless = spec.clusterIP === 'None';
  if (type !== 'ExternalName' && !headless && (ports === undefined || (Array.isArray(ports) && ports.length === 0))) {
    add(['spec'], 'missing required field "ports" in spec', 'add ports: with - port: <number> under spec');
    return;
  }
  const list = arr(ports);
  const names = new Set<string>();
  const seen = new Set<string>();
  list.forEach((p, i) => {
    if (!isObj(p)) return;
    const pp = ['spec', 'ports', i];
    const label = formatPath(pp);
    if (typeof p.port === 'number' && Number.isInteger(p.port) && (p.port < 1 || p.port > 65535)) {
      add([...pp, 'port'], `${label}.port ${p.port} is not a port number (1-65535)`);
    }
    const tp = p.targetPort;
    if (typeof tp === 'number' && Number.isInteger(tp) && tp !== 0 && (tp < 1 || tp > 65535)) { // 0 means "same as port"
      add([...pp, 'targetPort'], `${label}.targetPort ${tp} is not a port number (1-65535)`);
    } else if (typeof tp === 'string') {
      if (/^\s*\d+\s*$/.test(tp)) {
        add(
          [...pp, 'targetPort'],
          `${label}.targetPort "${tp}" is a string, so it is read as a port name, and a port name cannot be all digits`,
          `remove the quotes: targetPort: ${tp.trim()}`,
        );
      } else {
        const prob = ianaProblem(tp);
        if (prob) add([...pp, 'targetPort'], `${label}.targetPort "${tp}" is not a valid port name: it ${prob}`, portNameHint(tp) ?? 'use the container port number, or a port name of at most 15 lowercase letters, digits and -');
      }
    }
    if (typeof p.nodePort === 'number' && p.nodePort !== 0) {
      if (type !== 'NodePort' && type !== 'LoadBalancer') {
        add([...pp, 'nodePort'], `${label}.nodePort can only be set when spec.type is NodePort or LoadBalancer (it is ${type})`, 'remove nodePort, or set type: NodePort');
      } else if (p.nodePort < 30000 || p.nodePort > 32767) {
        add([...pp, 'nodePort'], `${label}.nodePort ${p.nodePort} is outside the NodePort range 30000-32767`, 'pick a nodePort between 30000 and 32767, or remove it to get one assigned');
      }
    }
    if (list.length > 1) {
      if (typeof p.name !== 'string' || p.name === '') {
        add(pp, `missing required field "name" in ${label}: a Service with more than one port must name each`, 'add name: (for example http) to each port');
      }
    }
    if (typeof p.name === 'string' && p.name !== '') {
      if (!isName(p.name, 'label')) add([...pp, 'name'], `${label}.name ${JSON.stringify(p.name)} is not a valid port name: ${RULE_WORDS.label}`, fixName(p.name, 'label') ? `write name: ${fixName(p.name, 'label')}` : undefined);
      else if (names.has(p.name)) add([...pp, 'name'], `port name ${JSON.stringify(p.name)} is used twice in spec.ports`);
      names.add(p.name);
    }
    if (typeof p.port === 'number') {
      const key = `${p.port}/${typeof p.protocol === 'string' ? p.protocol : 'TCP'}`;
      if (seen.has(key)) add([...pp, 'port'], `${label}.port ${p.port} is listed twice in spec.ports`, 'remove the duplicate port');
      seen.add(key);
    }
  });
}

function checkPvc(spec: Obj, add: Add): void {
  if (spec.accessModes === undefined || (Array.isArray(spec.accessModes) && spec.accessModes.length === 0)) {
    add(['spec'], 'missing required field "accessModes" in spec', 'add accessModes: [ReadWriteOnce] under spec');
  }
  checkStorageRequest(['spec', 'resources', 'requests'], spec.resources, 'requests', add, 'resources:\n  requests:\n    storage: 1Gi');
  if (typeof spec.storageClassName === 'string' && spec.storageClassName !== '' && !isName(spec.storageClassName, 'subdomain')) {
    add(['spec', 'storageClassName'], `spec.storageClassName ${JSON.stringify(spec.storageClassName)} is not a valid storage class name: ${RULE_WORDS.subdomain}`, fixName(spec.storageClassName, 'subdomain') ? `write storageClassName: ${fixName(spec.storageClassName, 'subdomain')}` : undefined);
  }
}

function checkPv(spec: Obj, add: Add): void {
  if (spec.accessModes === undefined || (Array.isArray(spec.accessModes) && spec.accessModes.length === 0)) {
    add(['spec'], 'missing required field "accessModes" in spec', 'add accessModes: [ReadWriteOnce] under spec');
  }
  if (!isObj(spec.capacity)) {
    add(['spec'], 'missing required field "capacity" in spec', 'add capacity: storage: 1Gi under spec');
  } else if (spec.capacity.storage === undefined) {
    add(['spec', 'capacity'], 'missing required field "storage" in spec.capacity', 'add storage: 1Gi under spec.capacity');
  }
}

/** `spec.resources.requests.storage` must be present and positive. */
function checkStorageRequest(path: Path, resources: unknown, group: 'requests', add: Add, example: string): void {
  const reqs = isObj(resources) ? resources[group] : undefined;
  if (!isObj(reqs) || reqs.storage === undefined) {
    const [parent, field] = isObj(reqs) ? [path, 'storage'] : isObj(resources) ? [path.slice(0, -1), group] : [path.slice(0, -2), 'resources'];
    add(parent, `missing required field "${field}" in ${formatPath(parent)}`, `add under spec: ${example.replace(/\n\s*/g, ' ')}`);
    return;
  }
  const q = parseQuantity(reqs.storage);
  if (q !== undefined && q <= 0) add([...path, 'storage'], `spec.resources.requests.storage must be more than zero, not ${String(reqs.storage)}`, 'write storage: 1Gi');
}

function checkConfigData(data: Obj, add: Add): void {
  for (const field of ['data', 'binaryData', 'stringData']) {
    const map = data[field];
    if (!isObj(map)) continue;
    for (const k of Object.keys(map)) {
      if (k.length > 253 || !CONFIG_KEY.test(k)) {
        add([field, k], `${field} key ${JSON.stringify(k)} is not valid: letters, digits, '-', '_' and '.' only`, `write ${k.replace(/[^-._a-zA-Z0-9]+/g, '_')}: instead`, true);
      }
      // (a Secret's data values not being base64 is the schema's: format byte, in validate.ts)
    }
  }
}

