/**
 * Every kind a Kubernetes API server serves is validated: the list of kinds (from the v1.30.14
 * OpenAPI spec), one unknown-field case per kind (at the top level and one level down, with its
 * "did you mean"), type cases across kinds, the removed API versions, and custom resources.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkObject, KIND_API_VERSIONS, schemaDirs, validateObject } from '../src/schema/index.js';
import { builtinKinds, builtinRoot } from '../src/schema/validate.js';
import { REMOVED_APIS } from '../src/schema/removed.js';
import { OFF_BY_DEFAULT } from '../src/schema/generated/kinds.js';
import { gradeStatic } from '../src/grade.js';
import { UsageError } from '../src/util/errors.js';
import { KIND_CASES, minimal, sample } from './helpers/kind-cases.js';

/** An issue's words and place (its `fix`, the same advice as an edit, is tested in test/fix-hints.test.ts). */
const noFix = <T extends { fix?: unknown }>({ fix: _fix, ...rest }: T) => rest;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const y = (text: string): Record<string, unknown> => parse(text, { version: '1.1' }) as Record<string, unknown>;

/** Every apiVersion and kind the v1.30.14 API server's spec serves as a resource (List kinds aside). */
const SERVED: Record<string, string[]> = {
  v1: ['Binding', 'ComponentStatus', 'ConfigMap', 'Endpoints', 'Event', 'LimitRange', 'Namespace', 'Node', 'PersistentVolume', 'PersistentVolumeClaim', 'Pod', 'PodTemplate', 'ReplicationController', 'ResourceQuota', 'Secret', 'Service', 'ServiceAccount'],
  'admissionregistration.k8s.io/v1': ['MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration'],
  'admissionregistration.k8s.io/v1alpha1': ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
  'admissionregistration.k8s.io/v1beta1': ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
  'apiextensions.k8s.io/v1': ['CustomResourceDefinition'],
  'apiregistration.k8s.io/v1': ['APIService'],
  'apps/v1': ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'],
  'authentication.k8s.io/v1': ['SelfSubjectReview', 'TokenRequest', 'TokenReview'],
  'authentication.k8s.io/v1alpha1': ['SelfSubjectReview'],
  'authentication.k8s.io/v1beta1': ['SelfSubjectReview'],
  'authorization.k8s.io/v1': ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SubjectAccessReview'],
  'autoscaling/v1': ['HorizontalPodAutoscaler', 'Scale'],
  'autoscaling/v2': ['HorizontalPodAutoscaler'],
  'batch/v1': ['CronJob', 'Job'],
  'certificates.k8s.io/v1': ['CertificateSigningRequest'],
  'certificates.k8s.io/v1alpha1': ['ClusterTrustBundle'],
  'coordination.k8s.io/v1': ['Lease'],
  'discovery.k8s.io/v1': ['EndpointSlice'],
  'events.k8s.io/v1': ['Event'],
  'flowcontrol.apiserver.k8s.io/v1': ['FlowSchema', 'PriorityLevelConfiguration'],
  'flowcontrol.apiserver.k8s.io/v1beta3': ['FlowSchema', 'PriorityLevelConfiguration'],
  'internal.apiserver.k8s.io/v1alpha1': ['StorageVersion'],
  'networking.k8s.io/v1': ['Ingress', 'IngressClass', 'NetworkPolicy'],
  'networking.k8s.io/v1alpha1': ['IPAddress', 'ServiceCIDR'],
  'node.k8s.io/v1': ['RuntimeClass'],
  'policy/v1': ['Eviction', 'PodDisruptionBudget'],
  'rbac.authorization.k8s.io/v1': ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
  'resource.k8s.io/v1alpha2': ['PodSchedulingContext', 'ResourceClaim', 'ResourceClaimParameters', 'ResourceClaimTemplate', 'ResourceClass', 'ResourceClassParameters', 'ResourceSlice'],
  'scheduling.k8s.io/v1': ['PriorityClass'],
  'storage.k8s.io/v1': ['CSIDriver', 'CSINode', 'CSIStorageCapacity', 'StorageClass', 'VolumeAttachment'],
  'storage.k8s.io/v1alpha1': ['VolumeAttributesClass'],
  'storagemigration.k8s.io/v1alpha1': ['StorageVersionMigration'],
};
const ALL = Object.entries(SERVED).flatMap(([apiVersion, kinds]) => kinds.map((kind) => ({ apiVersion, kind })));

describe('every kind the API server serves', () => {
  it('the schemas hold exactly the kinds of the spec (v1.30.14), and each has its apiVersions', () => {
    const got = Object.fromEntries(Object.entries(builtinKinds()).map(([gv, ks]) => [gv, ks.filter((k) => !k.endsWith('List'))]));
    expect(got).toEqual(SERVED);
    for (const { apiVersion, kind } of ALL) expect(KIND_API_VERSIONS[kind], kind).toContain(apiVersion);
    expect(ALL.length).toBe(83);
    // GA first: the "write apiVersion:" hint names what a default API server serves.
    expect(KIND_API_VERSIONS.HorizontalPodAutoscaler).toEqual(['autoscaling/v1', 'autoscaling/v2']);
    expect(KIND_API_VERSIONS.ValidatingAdmissionPolicy).toEqual(['admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1beta1', 'admissionregistration.k8s.io/v1alpha1']);
    expect(OFF_BY_DEFAULT).toContain('resource.k8s.io/v1alpha2');
    expect(OFF_BY_DEFAULT).not.toContain('flowcontrol.apiserver.k8s.io/v1beta3');
  });

  it.each(ALL)('$apiVersion $kind: an unknown field is reported, at the top level and one level down', ({ apiVersion, kind }) => {
    const base = minimal(apiVersion, kind);
    const before = validateObject(base);
    expect(before.filter((i) => i.onKey)).toEqual([]);
    // Exactly one more issue, the unknown field (what else the API server's rules say about a bare object stays the same).
    const added = (v: Record<string, unknown>) => validateObject(v).filter((i) => !before.some((b) => JSON.stringify(b) === JSON.stringify(i)));
    // (`fix`, when there is a close field to rename it to, is asserted one level down.)
    expect(added({ ...base, specc: 1 }).map(({ fix: _fix, ...i }) => i)).toEqual([{ path: ['specc'], onKey: true, message: `unknown field "specc" at the top level of the ${kind}`, hint: expect.any(String) }]);

    // One level down: the longest field of spec (or of the object itself), two letters swapped.
    const r = builtinRoot(apiVersion, kind)!;
    const inSpec = r.properties?.spec?.properties ? 'spec' : undefined;
    const holder = inSpec ? r.properties!.spec! : r;
    const fields = Object.keys(holder.properties ?? {}).filter((f) => f !== 'apiVersion' && f !== 'kind' && f !== 'metadata');
    if (fields.length === 0) return; // (none: a kind whose body is all metadata)
    const field = fields.reduce((a, b) => (b.length > a.length ? b : a));
    const typo = field.slice(0, -2) + field.at(-1)! + field.at(-2)!;
    const obj = structuredClone(base);
    const where = inSpec ? ((obj.spec ??= {}) as Record<string, unknown>) : obj;
    const present = where[field] !== undefined;
    where[typo] = sample(holder.properties![field]!);
    const path = inSpec ? ['spec', typo] : [typo];
    expect(added(obj)).toEqual([{
      path,
      onKey: true,
      message: inSpec ? `unknown field "${typo}" in spec` : `unknown field "${typo}" at the top level of the ${kind}`,
      hint: `did you mean "${field}"?`,
      // Renamed to the field it meant, unless that field is there too (a rename would make a duplicate key).
      ...(present ? {} : { fix: { kind: 'rename-key', to: field } }),
    }]);
  });
});

describe('type cases across kinds', () => {
  it.each(KIND_CASES)('$name', ({ yaml, want }) => {
    expect(validateObject(y(yaml)).map(noFix)).toEqual(want);
  });
});

describe('removed API versions (the Deprecated API Migration Guide)', () => {
  it.each(Object.entries(REMOVED_APIS))('%s', (key, r) => {
    const [apiVersion, kind] = key.split(' ') as [string, string];
    expect(KIND_API_VERSIONS[kind] ?? []).not.toContain(apiVersion); // really not served any more
    const got = validateObject({ apiVersion, kind, metadata: { name: 'x' } })[0]!;
    expect(got.path).toEqual(['apiVersion']);
    expect(got.message).toContain(`removed in Kubernetes ${r.removedIn}`);
    if (r.use) {
      expect(KIND_API_VERSIONS[kind]).toContain(r.use); // the replacement is served
      expect(got.hint).toBe(`write apiVersion: ${r.use}`);
    }
  });
});

describe('custom resources', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'kubegrade-schema-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const certSchema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    required: ['spec'],
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec: {
        type: 'object',
        additionalProperties: false,
        required: ['secretName'],
        properties: { secretName: { type: 'string' }, dnsNames: { type: 'array', items: { type: 'string' } }, duration: { type: 'string', pattern: '^[0-9]+h$' } },
      },
    },
  };
  const CERT = 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: web}\nspec:\n  secretName: web-tls\n  dnsNames: [example.com]\n';
  const dir = (name: string, files: Record<string, unknown>): string => {
    const d = join(tmp, name);
    for (const [f, body] of Object.entries(files)) {
      mkdirSync(dirname(join(d, f)), { recursive: true });
      writeFileSync(join(d, f), typeof body === 'string' ? body : JSON.stringify(body));
    }
    return d;
  };

  it('without a schema: not validated, with the reason, and no issue', () => {
    expect(checkObject(y(CERT))).toEqual({ issues: [], unvalidated: 'no schema for Certificate (cert-manager.io/v1), a custom resource: pass --schema DIR with its JSON schema' });
  });

  it.each([
    ['certificate-cert-manager.io-v1.json'],
    ['cert-manager.io/certificate_v1.json'],
    ['certificate-cert-manager-v1.json'],
    ['Certificate_v1.json'],
  ])('finds %s and validates with it: unknown fields, "did you mean", patterns', (file) => {
    const schemas = schemaDirs([dir(file.replace(/\W/g, '_'), { [file]: certSchema })]);
    expect(checkObject(y(CERT), { schemas })).toEqual({ issues: [] });
    const bad = CERT.replace('secretName: web-tls', 'secretNme: web-tls\n  duration: 90d');
    expect(checkObject(y(bad), { schemas }).issues.map(noFix)).toEqual([
      { path: ['spec', 'secretNme'], onKey: true, message: 'unknown field "secretNme" in spec', hint: 'did you mean "secretName"?' },
      { path: ['spec', 'duration'], message: 'spec.duration "90d" does not match the pattern ^[0-9]+h$' },
    ]);
  });

  it('a broken schema file is a usage error naming the file, only when its kind is present', () => {
    const d = dir('broken', { 'certificate-cert-manager.io-v1.json': '{"type": "object", "properties": {"spec": {"type": 12}}}', 'issuer-cert-manager.io-v1.json': '{not json' });
    const schemas = schemaDirs([d]);
    expect(() => checkObject(y(CERT), { schemas })).toThrow(UsageError);
    expect(() => checkObject(y(CERT), { schemas })).toThrow(/certificate-cert-manager\.io-v1\.json is not a valid JSON Schema/);
    expect(() => checkObject(y(CERT.replace('Certificate', 'Issuer')), { schemas })).toThrow(/issuer-cert-manager\.io-v1\.json is not JSON/);
    expect(() => schemaDirs([join(tmp, 'no-such-folder')])).toThrow(/--schema .*no-such-folder: no such folder/);
  });

  it('a submission: schema.other counts what was not validated, and the report lists it', () => {
    const sub = dir('submission', {
      'cert.yaml': CERT,
      'netpol.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: all}\nspec: {podSelector: {}}\n',
    });
    const { report } = gradeStatic(sub, { username: 'jdoe' });
    const other = report.checks.find((c) => c.id === 'schema.other')!;
    expect(other.message).toBe('2 other objects: 1 valid, 1 not validated (kind Certificate: no schema; pass --schema DIR)');
    expect(report.unvalidated).toEqual([
      { file: 'cert.yaml', document: 0, kind: 'Certificate', apiVersion: 'cert-manager.io/v1', name: 'web', reason: 'no schema for Certificate (cert-manager.io/v1), a custom resource: pass --schema DIR with its JSON schema' },
    ]);
    const withSchema = gradeStatic(sub, { username: 'jdoe', schemaDirs: [dir('good', { 'certificate-cert-manager.io-v1.json': certSchema })] }).report;
    expect(withSchema.checks.find((c) => c.id === 'schema.other')!.message).toBe('2 other objects, all valid');
    expect(withSchema.unvalidated).toBeUndefined();
  });

  it('the CLI: --schema DIR for check; a missing folder is a usage error (exit 2)', () => {
    const sub = join(tmp, 'submission');
    const good = join(tmp, 'good');
    const bin = join(root, 'bin/kubegrade.js');
    if (!existsSync(join(root, 'dist/cli/main.js'))) return; // the CLI runs from dist/ (npm run build)
    const ok = spawnSync(process.execPath, [bin, 'check', sub, '-u', 'jdoe', '--format', 'json', '--schema', good], { encoding: 'utf8' });
    expect(JSON.parse(ok.stdout).unvalidated).toBeUndefined();
    const missing = spawnSync(process.execPath, [bin, 'check', sub, '-u', 'jdoe', '--schema', join(tmp, 'nope')], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--schema .*nope: no such folder/);
  });
});

describe('where the schemas come from', () => {
  // The committed data file must be what the generator makes from the spec; CI has Go and the module cache.
  const cached = existsSync('/var/cache/kubegrade/go/mod/k8s.io/kubernetes@v1.30.14/api/openapi-spec/swagger.json') || existsSync('/usr/local/go/bin/go');
  it.skipIf(!cached && !process.env.CI)('generated/k8s-schemas.json and kinds.ts are fresh (gen-schemas --check)', () => {
    execFileSync(process.execPath, [join(root, 'scripts/gen-schemas.mjs'), '--check'], { cwd: root, stdio: 'pipe' });
  });
});
