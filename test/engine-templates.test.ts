/**
 * One table per check template (ESLint RuleTester style): valid submissions report nothing;
 * each invalid one reports the message ids expected, at the line and column expected, and
 * where the template has a certain fix, the fixed file.
 */
import { describe, expect, it } from 'vitest';
import { parseFile } from '../src/parse/index.js';
import { loadRubric } from '../src/rubric/index.js';
import { context, locate } from '../src/engine/findings.js';
import { buildWorld } from '../src/engine/world.js';
import { expandLists } from '../src/objects/index.js';
import { TEMPLATES } from '../src/engine/templates/index.js';
import type { Node, Params } from '../src/engine/types.js';
import { applyToText } from '../src/fix/apply.js';
import { finalStack, hw7Files } from './helpers/final-stack.js';

interface Case {
  name: string;
  /** Files changed from the rubric's good submission (`null`: removed). */
  files?: Record<string, string | null>;
  /** `[file, from, to]`: one replacement in a file of the good submission. */
  edit?: [string, string, string][];
  errors?: { messageId: string; line?: number; column?: number; file?: string }[];
  /** The file after the first finding's fix. */
  output?: [string, string][];
  env?: string;
}

interface Table {
  role?: string;
  with?: Params;
  rubric?: string;
  valid: Case[];
  invalid: Case[];
}

const good = (rubric: string): Record<string, string> => (rubric === 'coe332-hw7-worker' ? hw7Files() : { ...finalStack('test'), ...finalStack('prod') });

function run(key: string, table: Table, c: Case) {
  const rubricName = table.rubric ?? 'coe332-final-sp24';
  const rubric = loadRubric(rubricName).engine!;
  const files: Record<string, string> = good(rubricName);
  for (const [f, t] of Object.entries(c.files ?? {})) {
    if (t === null) delete files[f];
    else files[f] = t;
  }
  for (const [f, from, to] of c.edit ?? []) {
    expect(files[f], `${f} is in the submission`).toBeDefined();
    expect(files[f]!.includes(from), `${f} has ${JSON.stringify(from)}`).toBe(true);
    files[f] = files[f]!.replace(from, to);
  }
  const names = Object.keys(files).sort();
  const objects = expandLists(names.flatMap((path) => parseFile({ path, text: files[path]! }).objects));
  const params = { ...rubric.params, username: rubricName === 'coe332-hw7-worker' ? 'jdoe' : '' };
  const world = buildWorld(rubric, params, objects, names, [], new Map());
  const env = c.env ?? (rubric.environments ? 'prod' : '');
  const t = TEMPLATES.get(key)!;
  const ctx = context(world, env, { role: table.role }, table.with ?? {});
  return { findings: t.check(ctx), files };
}

const loc = (n: Node) => locate(n);

function tableTest(key: string, table: Table) {
  describe(`template ${key}`, () => {
    it('is registered, with an ok message and every message id a finding uses', () => {
      expect(TEMPLATES.get(key)?.messages.ok).toBeTypeOf('string');
    });
    for (const c of table.valid) {
      it(`valid: ${c.name}`, () => {
        expect(run(key, table, c).findings.map((f) => f.messageId)).toEqual([]);
      });
    }
    for (const c of table.invalid) {
      it(`invalid: ${c.name}`, () => {
        const { findings, files } = run(key, table, c);
        const got = findings.map((f) => {
          const l = loc(f.node);
          return { messageId: f.messageId, ...(l ? { line: l.line, column: l.column, file: l.file } : {}) };
        });
        const want = c.errors ?? [];
        expect(got.length).toBe(want.length);
        want.forEach((w, i) => expect(got[i]).toMatchObject(w));
        for (const f of findings) expect(TEMPLATES.get(key)!.messages[f.messageId], f.messageId).toBeTypeOf('string');
        for (const [file, text] of c.output ?? []) {
          const edits = (findings[0]!.fix?.edits ?? []).filter((e) => e.file === file);
          expect(edits.length).toBeGreaterThan(0);
          expect(applyToText(files[file]!, edits).text).toBe(text);
        }
      });
    }
  });
}

const P = 'kubernetes/prod/app-prod';
const T = 'kubernetes/test/app-test';
const W = 'homework07/jdoe-hw7-worker-deployment.yml';
const F = 'homework07/jdoe-hw7-flask-deployment.yml';

tableTest('field-equals', {
  role: 'redis-pvc',
  with: { path: 'spec.storageClassName', value: 'cinder-csi' },
  valid: [{ name: 'the class the rubric wants' }],
  invalid: [
    { name: 'another class', edit: [[`${P}-pvc-redis.yml`, 'cinder-csi', 'nfs']], errors: [{ messageId: 'wrong', line: 7, column: 21 }], output: [[`${P}-pvc-redis.yml`, finalStack('prod')[`${P}-pvc-redis.yml`]!]] },
    { name: 'no class (the cluster default is not the rubric)', edit: [[`${P}-pvc-redis.yml`, '  storageClassName: cinder-csi\n', '']], errors: [{ messageId: 'absent' }] },
  ],
});

tableTest('replicas', {
  role: 'worker-deployment',
  with: { min: 3 },
  valid: [{ name: 'three workers' }, { name: 'more is the same design', edit: [[`${P}-deployment-worker.yml`, 'replicas: 3', 'replicas: 5']] }],
  invalid: [
    { name: 'one worker', edit: [[`${P}-deployment-worker.yml`, 'replicas: 3', 'replicas: 1']], errors: [{ messageId: 'tooFew', line: 6, column: 13 }], output: [[`${P}-deployment-worker.yml`, finalStack('prod')[`${P}-deployment-worker.yml`]!]] },
    { name: 'absent means 1', edit: [[`${P}-deployment-worker.yml`, '  replicas: 3\n', '']], errors: [{ messageId: 'tooFew' }] },
  ],
});

tableTest('replicas', {
  role: 'worker-deployment',
  with: { equals: 3 },
  valid: [{ name: 'exactly three workers' }],
  invalid: [
    { name: 'five workers', edit: [[`${P}-deployment-worker.yml`, 'replicas: 3', 'replicas: 5']], errors: [{ messageId: 'notEqual', line: 6, column: 13 }], output: [[`${P}-deployment-worker.yml`, finalStack('prod')[`${P}-deployment-worker.yml`]!]] },
    { name: 'absent means 1', edit: [[`${P}-deployment-worker.yml`, '  replicas: 3\n', '']], errors: [{ messageId: 'unset', line: 5, column: 1 }] },
  ],
});

tableTest('service-type', {
  role: 'flask-nodeport',
  with: { want: 'NodePort' },
  valid: [{ name: 'a NodePort Service' }],
  invalid: [
    { name: 'a case slip', edit: [[`${P}-service-nodeport-flask.yml`, 'type: NodePort', 'type: nodeport']], errors: [{ messageId: 'wrong', line: 6, column: 9 }], output: [[`${P}-service-nodeport-flask.yml`, finalStack('prod')[`${P}-service-nodeport-flask.yml`]!]] },
    { name: 'absent is ClusterIP', edit: [[`${P}-service-nodeport-flask.yml`, '  type: NodePort\n', '']], errors: [{ messageId: 'wrong' }] },
    { name: '"" is ClusterIP', edit: [[`${P}-service-nodeport-flask.yml`, 'type: NodePort', 'type: ""']], errors: [{ messageId: 'wrong', line: 6, column: 9 }] },
  ],
});

tableTest('service-type', {
  role: 'flask-service',
  with: { want: 'ClusterIP' },
  valid: [
    { name: 'ClusterIP written out' },
    { name: 'absent means ClusterIP', edit: [[`${P}-service-flask.yml`, '  type: ClusterIP\n', '']] },
    // The API server defaults an empty type as an absent one (SetDefaults_Service).
    { name: '"" means ClusterIP', edit: [[`${P}-service-flask.yml`, 'type: ClusterIP', 'type: ""']] },
  ],
  invalid: [{ name: 'a LoadBalancer', edit: [[`${P}-service-flask.yml`, 'type: ClusterIP', 'type: LoadBalancer']], errors: [{ messageId: 'wrong', line: 6, column: 9 }], output: [[`${P}-service-flask.yml`, finalStack('prod')[`${P}-service-flask.yml`]!]] }],
});

tableTest('storage-class', {
  role: 'redis-pvc',
  with: { want: 'cinder-csi' },
  valid: [{ name: 'the class the rubric wants' }],
  invalid: [
    { name: 'one letter off', edit: [[`${P}-pvc-redis.yml`, 'cinder-csi', 'cinder-cs']], errors: [{ messageId: 'wrong', line: 7, column: 21 }], output: [[`${P}-pvc-redis.yml`, finalStack('prod')[`${P}-pvc-redis.yml`]!]] },
    { name: 'no class', edit: [[`${P}-pvc-redis.yml`, '  storageClassName: cinder-csi\n', '']], errors: [{ messageId: 'absent' }] },
  ],
});

tableTest('storage-request', {
  role: 'redis-pvc',
  with: { want: '1Gi' },
  valid: [{ name: '1Gi' }, { name: '1024Mi is the same quantity', edit: [[`${P}-pvc-redis.yml`, 'storage: 1Gi', 'storage: 1024Mi']] }],
  invalid: [
    { name: '1G is not 1Gi', edit: [[`${P}-pvc-redis.yml`, 'storage: 1Gi', 'storage: 1G']], errors: [{ messageId: 'wrong', line: 10, column: 16 }], output: [[`${P}-pvc-redis.yml`, finalStack('prod')[`${P}-pvc-redis.yml`]!]] },
    { name: '1GB is no quantity', edit: [[`${P}-pvc-redis.yml`, 'storage: 1Gi', 'storage: 1GB']], errors: [{ messageId: 'notQuantity', line: 10, column: 16 }] },
    { name: 'no request', edit: [[`${P}-pvc-redis.yml`, '  resources:\n    requests:\n      storage: 1Gi\n', '']], errors: [{ messageId: 'missing' }] },
  ],
});

tableTest('access-modes', {
  role: 'redis-pvc',
  with: { want: ['ReadWriteOnce'] },
  valid: [{ name: '[ReadWriteOnce]' }],
  invalid: [
    { name: 'a case slip', edit: [[`${P}-pvc-redis.yml`, '[ReadWriteOnce]', '[readWriteOnce]']], errors: [{ messageId: 'wrong', line: 6, column: 17 }], output: [[`${P}-pvc-redis.yml`, finalStack('prod')[`${P}-pvc-redis.yml`]!]] },
    { name: 'not a list', edit: [[`${P}-pvc-redis.yml`, '[ReadWriteOnce]', 'ReadWriteOnce']], errors: [{ messageId: 'notList', line: 6, column: 16 }], output: [[`${P}-pvc-redis.yml`, finalStack('prod')[`${P}-pvc-redis.yml`]!]] },
  ],
});

tableTest('container-port', {
  role: 'flask-deployment',
  with: { port: 5000 },
  valid: [{ name: 'containerPort 5000' }],
  invalid: [
    { name: 'another port', edit: [[`${P}-deployment-flask.yml`, 'containerPort: 5000', 'containerPort: 8080']], errors: [{ messageId: 'wrong', line: 16, column: 35 }], output: [[`${P}-deployment-flask.yml`, finalStack('prod')[`${P}-deployment-flask.yml`]!]] },
    { name: 'a lower-case key', edit: [[`${P}-deployment-flask.yml`, 'containerPort: 5000', 'containerport: 5000']], errors: [{ messageId: 'keyTypo', line: 16, column: 20 }], output: [[`${P}-deployment-flask.yml`, finalStack('prod')[`${P}-deployment-flask.yml`]!]] },
    { name: 'no ports', edit: [[`${P}-deployment-flask.yml`, '          ports: [{containerPort: 5000}]\n', '']], errors: [{ messageId: 'noPorts', line: 14, column: 17 }] },
  ],
});

tableTest('image-equals', {
  role: 'redis-deployment',
  with: { image: 'redis:7' },
  valid: [{ name: 'redis:7' }, { name: 'the same image, normalised', edit: [[`${P}-deployment-redis.yml`, 'redis:7', 'docker.io/library/redis:7']] }],
  invalid: [
    { name: 'another tag', edit: [[`${P}-deployment-redis.yml`, 'redis:7', 'redis:6']], errors: [{ messageId: 'wrong', line: 15, column: 18 }], output: [[`${P}-deployment-redis.yml`, finalStack('prod')[`${P}-deployment-redis.yml`]!]] },
    { name: 'capitals the kubelet cannot read', edit: [[`${P}-deployment-redis.yml`, 'redis:7', 'REDIS:7']], errors: [{ messageId: 'unreadable', line: 15, column: 18 }] },
  ],
});

tableTest('name-contains', {
  role: 'redis-pvc',
  with: { words: { username: 'proj', env: 'prod' }, suggestion: 'proj-prod-redis-pvc' },
  valid: [{ name: 'proj-prod-redis-pvc' }],
  invalid: [
    { name: 'no environment in the name', edit: [[`${P}-pvc-redis.yml`, 'name: proj-prod-redis-pvc', 'name: proj-redis-pvc']], errors: [{ messageId: 'lacks', line: 4, column: 9 }], output: [[`${P}-pvc-redis.yml`, finalStack('prod')[`${P}-pvc-redis.yml`]!]] },
    { name: 'no name', edit: [[`${P}-pvc-redis.yml`, '  name: proj-prod-redis-pvc\n', '']], errors: [{ messageId: 'missing' }] },
  ],
});

tableTest('labels', {
  role: 'redis-deployment',
  with: { labels: { app: 'proj-prod-redis' }, scope: 'pod-template', service: 'redis-service' },
  valid: [{ name: 'the pods carry the label' }],
  invalid: [
    { name: 'another value', edit: [[`${P}-deployment-redis.yml`, '      labels: {app: proj-prod-redis}', '      labels: {app: other}']], errors: [{ messageId: 'wrong', line: 11, column: 21 }], output: [[`${P}-deployment-redis.yml`, finalStack('prod')[`${P}-deployment-redis.yml`]!]] },
    { name: 'a misspelt labels key', edit: [[`${P}-deployment-redis.yml`, '      labels: {app: proj-prod-redis}', '      lables: {app: proj-prod-redis}']], errors: [{ messageId: 'labelsTypo', line: 11, column: 7 }], output: [[`${P}-deployment-redis.yml`, finalStack('prod')[`${P}-deployment-redis.yml`]!]] },
  ],
});

tableTest('labels', {
  role: 'redis-pvc',
  with: { labels: { env: 'prod' } },
  valid: [{ name: 'the PVC carries env: prod', edit: [[`${P}-pvc-redis.yml`, '  name: proj-prod-redis-pvc\n', '  name: proj-prod-redis-pvc\n  labels: {env: prod}\n']] }],
  invalid: [{ name: 'no labels', errors: [{ messageId: 'wrong', line: 3, column: 1 }] }],
});

tableTest('own-file', {
  role: 'redis-pvc',
  with: { stem: 'app-prod-pvc-redis', extensions: ['.yml'], label: 'Redis PVC', kind: 'PersistentVolumeClaim', app: 'redis' },
  valid: [{ name: 'alone in its file' }],
  invalid: [
    { name: 'another .yaml', files: { [`${P}-pvc-redis.yml`]: null, [`${P}-pvc-redis.yaml`]: finalStack('prod')[`${P}-pvc-redis.yml`]! }, errors: [{ messageId: 'wrong', line: 1, column: 1, file: `${P}-pvc-redis.yaml` }] },
    { name: 'misnamed, with another object', files: { [`${P}-pvc-redis.yml`]: null, [`${P}-service-redis.yml`]: null, [`${P}-redis.yml`]: `${finalStack('prod')[`${P}-pvc-redis.yml`]!}---\n${finalStack('prod')[`${P}-service-redis.yml`]!}` }, errors: [{ messageId: 'shared', line: 1, column: 1 }] },
    { name: 'no PVC, and its file holds a Service', files: { [`${P}-pvc-redis.yml`]: finalStack('prod')[`${P}-service-redis.yml`]!.replace('redis-service', 'other') }, errors: [{ messageId: 'holdsOther', line: 2, column: 7 }] },
  ],
});

tableTest('own-file', {
  role: 'redis-pvc',
  with: { name: 'app-{env}-pvc-redis.yml' },
  valid: [{ name: 'the exact name, the role\'s label and kind by default' }],
  invalid: [{ name: 'another name', files: { [`${P}-pvc-redis.yml`]: null, [`${P}-pvc.yml`]: finalStack('prod')[`${P}-pvc-redis.yml`]! }, errors: [{ messageId: 'wrong', line: 1, column: 1, file: `${P}-pvc.yml` }] }],
});

tableTest('selector-matches', {
  role: 'redis-deployment',
  valid: [{ name: 'the selector is the pods\' label' }],
  invalid: [
    { name: 'another value', edit: [[`${P}-deployment-redis.yml`, '    matchLabels: {app: proj-prod-redis}', '    matchLabels: {app: other}']], errors: [{ messageId: 'differs', line: 8, column: 24 }], output: [[`${P}-deployment-redis.yml`, finalStack('prod')[`${P}-deployment-redis.yml`]!]] },
    { name: 'a lower-case key', edit: [[`${P}-deployment-redis.yml`, '    matchLabels:', '    matchlabels:']], errors: [{ messageId: 'keyTypo', line: 8, column: 5 }], output: [[`${P}-deployment-redis.yml`, finalStack('prod')[`${P}-deployment-redis.yml`]!]] },
  ],
});

tableTest('service-exclusive', {
  role: 'redis-service',
  with: { target: 'redis-deployment', label: 'Redis Deployment' },
  valid: [{ name: 'only the Redis pods' }],
  invalid: [
    { name: 'the workers carry the Redis pods\' label', files: { [`${P}-deployment-worker.yml`]: finalStack('prod')[`${P}-deployment-worker.yml`]!.replaceAll('proj-prod-worker}', 'proj-prod-redis}') }, errors: [{ messageId: 'others', line: 7, column: 13 }] },
  ],
});

tableTest('service-port', {
  role: 'redis-service',
  with: { port: 6379, target: 'redis-deployment', label: 'Redis Deployment' },
  valid: [{ name: '6379 to 6379' }, { name: 'targetPort absent', edit: [[`${P}-service-redis.yml`, '      targetPort: 6379\n', '']] }],
  invalid: [
    { name: 'to another port', edit: [[`${P}-service-redis.yml`, 'targetPort: 6379', 'targetPort: 6380']], errors: [{ messageId: 'wrongTarget', line: 10, column: 19 }], output: [[`${P}-service-redis.yml`, finalStack('prod')[`${P}-service-redis.yml`]!]] },
    { name: 'another port', edit: [[`${P}-service-redis.yml`, 'port: 6379', 'port: 6380']], errors: [{ messageId: 'noPort', line: 9, column: 13 }], output: [[`${P}-service-redis.yml`, finalStack('prod')[`${P}-service-redis.yml`]!]] },
    { name: 'UDP', edit: [[`${P}-service-redis.yml`, '      targetPort: 6379\n', '      targetPort: 6379\n      protocol: UDP\n']], errors: [{ messageId: 'protocol', line: 11, column: 17 }] },
  ],
});

tableTest('selects-pods', {
  role: 'redis-service',
  with: { target: 'redis-deployment', label: 'Redis Deployment', file: 'app-prod-deployment-redis.yml', kind: 'Deployment', filesCheck: 'files.redis-deployment' },
  valid: [{ name: 'the Redis pods\' label' }],
  invalid: [
    { name: 'another value', edit: [[`${P}-service-redis.yml`, 'selector: {app: proj-prod-redis}', 'selector: {app: redis}']], errors: [{ messageId: 'misses', line: 7, column: 19 }], output: [[`${P}-service-redis.yml`, finalStack('prod')[`${P}-service-redis.yml`]!]] },
    { name: 'matchLabels copied from the Deployment', edit: [[`${P}-service-redis.yml`, 'selector: {app: proj-prod-redis}', 'selector: {matchLabels: {app: proj-prod-redis}}']], errors: [{ messageId: 'deploymentSelector', line: 7, column: 27 }] },
    { name: 'no selector', edit: [[`${P}-service-redis.yml`, '  selector: {app: proj-prod-redis}\n', '']], errors: [{ messageId: 'empty', line: 5, column: 1 }] },
  ],
});

tableTest('pvc-mount', {
  role: 'redis-deployment',
  with: { mountPath: '/data', pvc: 'redis-pvc', image: 'redis' },
  valid: [{ name: '/data on the PVC' }],
  invalid: [
    { name: 'another claim', edit: [[`${P}-deployment-redis.yml`, 'claimName: proj-prod-redis-pvc', 'claimName: data']], errors: [{ messageId: 'otherClaim', line: 23, column: 24 }], output: [[`${P}-deployment-redis.yml`, finalStack('prod')[`${P}-deployment-redis.yml`]!]] },
    { name: 'read-only', edit: [[`${P}-deployment-redis.yml`, '              mountPath: /data\n', '              mountPath: /data\n              readOnly: true\n']], errors: [{ messageId: 'readOnly', line: 20, column: 25 }] },
    { name: 'a blank after /data', edit: [[`${P}-deployment-redis.yml`, 'mountPath: /data', 'mountPath: "/data "']], errors: [{ messageId: 'blank', line: 19 }] },
  ],
});

tableTest('image-version', {
  role: 'redis-deployment',
  with: { name: 'redis', version: '7' },
  valid: [
    { name: 'redis:7' },
    { name: 'a 7.x tag with a variant', edit: [[`${P}-deployment-redis.yml`, 'redis:7', 'docker.io/library/redis:7.0.5-alpine']] },
  ],
  invalid: [
    { name: 'redis:6.2', edit: [[`${P}-deployment-redis.yml`, 'redis:7', 'redis:6.2']], errors: [{ messageId: 'wrong', line: 15, column: 18 }], output: [[`${P}-deployment-redis.yml`, finalStack('prod')[`${P}-deployment-redis.yml`]!]] },
    { name: 'no tag is latest', edit: [[`${P}-deployment-redis.yml`, 'redis:7', 'redis']], errors: [{ messageId: 'wrong' }] },
  ],
});

tableTest('image-tag', {
  role: 'flask-deployment',
  valid: [{ name: 'a version tag' }, { name: 'a registry port is not a tag', edit: [[`${P}-deployment-flask.yml`, 'me/proj-api:1.0', 'localhost:5000/api:1.0']] }],
  invalid: [
    { name: 'latest', edit: [[`${P}-deployment-flask.yml`, 'me/proj-api:1.0', 'me/proj-api:LATEST']], errors: [{ messageId: 'latest', line: 15, column: 18 }] },
    { name: 'no tag', edit: [[`${P}-deployment-flask.yml`, 'me/proj-api:1.0', 'localhost:5000/api']], errors: [{ messageId: 'untagged' }] },
  ],
});

tableTest('image-pushed', {
  rubric: 'coe332-hw7-worker',
  role: 'flask-deployment',
  valid: [{ name: 'user/repo:tag' }, { name: 'another registry', edit: [[F, 'jdoe/jobs-api:1.0', 'ghcr.io/jdoe/jobs-api:1.0']] }],
  invalid: [
    { name: 'a bare name is an official library image', edit: [[F, 'jdoe/jobs-api:1.0', 'jdoe-hw7-image']], errors: [{ messageId: 'bare', line: 15, column: 18 }] },
    { name: 'a placeholder', edit: [[F, 'jdoe/jobs-api:1.0', '<username>/<image>']], errors: [{ messageId: 'invalid' }] },
  ],
});

tableTest('selector-matches', {
  role: 'flask-deployment',
  with: { exclusive: true },
  valid: [{ name: 'its own labels' }],
  invalid: [
    { name: 'empty', edit: [[`${P}-deployment-flask.yml`, '    matchLabels: {app: proj-prod-flask}\n', '    matchLabels: {}\n']], errors: [{ messageId: 'empty', line: 8, column: 18 }] },
    {
      name: 'a pair the pods do not have',
      edit: [[`${P}-deployment-flask.yml`, '    matchLabels: {app: proj-prod-flask}', '    matchLabels: {app: proj-prod-api}']],
      errors: [{ messageId: 'differs', line: 8, column: 24 }],
      output: [[`${P}-deployment-flask.yml`, finalStack('prod')[`${P}-deployment-flask.yml`]!]],
    },
    {
      name: 'it selects the other environment\'s pods too',
      edit: [
        [`${P}-deployment-flask.yml`, '    matchLabels: {app: proj-prod-flask}\n  template:\n    metadata:\n      labels: {app: proj-prod-flask}', '    matchLabels: {app: flask}\n  template:\n    metadata:\n      labels: {app: flask}'],
        [`${T}-deployment-flask.yml`, 'labels: {app: proj-test-flask}', 'labels: {app: flask, env: test}'],
      ],
      errors: [{ messageId: 'other', line: 8, column: 18 }],
    },
  ],
});

tableTest('env-field-ref', {
  rubric: 'coe332-hw7-worker',
  role: 'worker-deployment',
  with: { name: 'WORKER_IP', fieldPath: 'status.podIP' },
  valid: [{ name: 'from the Downward API' }],
  invalid: [
    { name: 'another name', edit: [[W, 'WORKER_IP', 'POD_IP']], errors: [{ messageId: 'absent', line: 18, column: 13 }] },
    { name: 'another field', edit: [[W, 'status.podIP', 'status.hostIP']], errors: [{ messageId: 'wrongSource', line: 18, column: 15 }], output: [[W, hw7Files()[W]!]] },
  ],
});

tableTest('runs-program', {
  rubric: 'coe332-hw7-worker',
  role: 'worker-deployment',
  with: { program: 'worker', unlessImageOf: 'flask-deployment' },
  valid: [
    { name: 'python3 worker.py' },
    { name: 'a module path', edit: [[W, '[python3, worker.py]', '[python3, -m, src.worker]']] },
    { name: 'a dedicated image brings its own command', edit: [[W, '          command: [python3, worker.py]\n', ''], [W, 'jdoe/jobs-api:1.0', 'jdoe/jobs-worker:1.0']] },
  ],
  invalid: [
    { name: 'the API image without a command', edit: [[W, '          command: [python3, worker.py]\n', '']], errors: [{ messageId: 'notRun', line: 15, column: 18 }] },
    { name: 'a placeholder image is not an image of its own', edit: [[W, '          command: [python3, worker.py]\n', ''], [W, 'jdoe/jobs-api:1.0', '<...>']], errors: [{ messageId: 'notRun' }] },
    { name: '$WORKER_IP is not the worker', edit: [[W, '[python3, worker.py]', '[sh, -c, "echo $WORKER_IP && sleep 3600"]']], errors: [{ messageId: 'notRun', line: 16, column: 20 }] },
  ],
});

tableTest('unexposed', {
  rubric: 'coe332-hw7-worker',
  role: 'worker-deployment',
  valid: [{ name: 'no Service' }],
  invalid: [
    {
      name: 'a Service selects the workers',
      files: { 'homework07/svc.yml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: w\nspec:\n  selector: {app: jdoe-hw7-worker}\n  ports: [{port: 80}]\n' },
      errors: [{ messageId: 'exposed', file: 'homework07/svc.yml', line: 6, column: 13 }],
    },
  ],
});

tableTest('data-volume', {
  role: 'redis-deployment',
  with: { mountPath: '/data', claimRole: 'redis-pvc' },
  valid: [{ name: '/data on this environment\'s PVC' }, { name: '/data/ is /data', edit: [[`${P}-deployment-redis.yml`, 'mountPath: /data', 'mountPath: /data/']] }],
  invalid: [
    {
      name: 'the other environment\'s claim',
      edit: [[`${P}-deployment-redis.yml`, 'claimName: proj-prod-redis-pvc', 'claimName: proj-test-redis-pvc']],
      errors: [{ messageId: 'notClaim', line: 21, column: 11 }],
      output: [[`${P}-deployment-redis.yml`, finalStack('prod')[`${P}-deployment-redis.yml`]!]],
    },
    { name: 'an emptyDir', edit: [[`${P}-deployment-redis.yml`, 'persistentVolumeClaim:\n            claimName: proj-prod-redis-pvc', 'emptyDir: {}']], errors: [{ messageId: 'notClaim' }] },
    { name: 'a mount naming no volume', edit: [[`${P}-deployment-redis.yml`, '            - name: data\n', '            - name: redis-data\n']], errors: [{ messageId: 'noVolume', line: 18, column: 21 }] },
    { name: 'no mount', edit: [[`${P}-deployment-redis.yml`, 'mountPath: /data', 'mountPath: /read']], errors: [{ messageId: 'noMount' }] },
  ],
});

tableTest('selects-pods', {
  role: 'redis-service',
  with: { target: 'redis-deployment' },
  valid: [{ name: 'its Redis' }],
  invalid: [
    { name: 'a label no Redis pod has', edit: [[`${P}-service-redis.yml`, 'selector: {app: proj-prod-redis}', 'selector: {app: redis}']], errors: [{ messageId: 'misses', line: 7, column: 19 }], output: [[`${P}-service-redis.yml`, finalStack('prod')[`${P}-service-redis.yml`]!]] },
    { name: 'no selector', edit: [[`${P}-service-redis.yml`, '  selector: {app: proj-prod-redis}\n', '']], errors: [{ messageId: 'empty' }] },
  ],
});

tableTest('service-exclusive', {
  role: 'redis-service',
  with: { target: 'redis-deployment' },
  valid: [{ name: 'only its Redis' }, { name: 'an empty selector selects nothing', edit: [[`${P}-service-redis.yml`, '  selector: {app: proj-prod-redis}\n', '']] }],
  invalid: [
    {
      name: 'the test Redis too',
      edit: [
        [`${P}-service-redis.yml`, 'selector: {app: proj-prod-redis}', 'selector: {tier: db}'],
        [`${P}-deployment-redis.yml`, 'labels: {app: proj-prod-redis}', 'labels: {app: proj-prod-redis, tier: db}'],
        [`${T}-deployment-redis.yml`, 'labels: {app: proj-test-redis}', 'labels: {app: proj-test-redis, tier: db}'],
      ],
      errors: [{ messageId: 'others', line: 7, column: 13 }],
    },
  ],
});

tableTest('service-ports', {
  role: 'redis-service',
  with: { workload: 'redis-deployment', port: 6379, targetPort: 6379 },
  valid: [{ name: '6379 to 6379' }, { name: 'a named targetPort', edit: [[`${P}-service-redis.yml`, 'targetPort: 6379', 'targetPort: redis'], [`${P}-deployment-redis.yml`, '[{containerPort: 6379}]', '[{containerPort: 6379, name: redis}]']] }],
  invalid: [
    { name: 'another port', edit: [[`${P}-service-redis.yml`, '- port: 6379', '- port: 6437']], errors: [{ messageId: 'noPort', line: 9, column: 7 }] },
    { name: 'another target', edit: [[`${P}-service-redis.yml`, 'targetPort: 6379', 'targetPort: 6380']], errors: [{ messageId: 'wrongTarget', line: 10, column: 19 }] },
  ],
});

tableTest('redis-host', {
  role: 'flask-deployment',
  with: { redis: 'redis-deployment', ipAllowed: false, peers: ['flask-deployment', 'worker-deployment'] },
  valid: [{ name: 'the Service\'s name' }, { name: 'its DNS name with a scheme and port', edit: [[`${P}-deployment-flask.yml`, 'value: proj-prod-redis-service', 'value: redis://proj-prod-redis-service.ns.svc.cluster.local:6379/0']] }],
  invalid: [
    { name: 'the test Redis', edit: [[`${P}-deployment-flask.yml`, 'value: proj-prod-redis-service', 'value: proj-test-redis-service']], errors: [{ messageId: 'notService', line: 19, column: 22 }] },
    { name: 'an IP where the rubric forbids one', edit: [[`${P}-deployment-flask.yml`, 'value: proj-prod-redis-service', 'value: 10.233.23.58']], errors: [{ messageId: 'ip' }] },
    { name: 'no variable', edit: [[`${P}-deployment-flask.yml`, 'REDIS_HOST', 'DB_NAME']], errors: [{ messageId: 'none' }] },
  ],
});

tableTest('ingress-service', {
  role: 'flask-ingress',
  with: { target: 'flask-deployment' },
  valid: [{ name: 'the NodePort Service' }, { name: 'the ClusterIP Service', edit: [[`${P}-ingress-flask.yml`, 'name: proj-prod-flask-nodeport', 'name: proj-prod-flask-service']] }],
  invalid: [
    { name: 'a Service that does not exist', edit: [[`${P}-ingress-flask.yml`, 'name: proj-prod-flask-nodeport', 'name: app-prod-service-flask']], errors: [{ messageId: 'missing', line: 14, column: 15 }] },
    { name: 'the Redis Service', edit: [[`${P}-ingress-flask.yml`, 'name: proj-prod-flask-nodeport', 'name: proj-prod-redis-service']], errors: [{ messageId: 'wrong' }] },
  ],
});

tableTest('ingress-port', {
  role: 'flask-ingress',
  with: { mode: 'servicePort' },
  valid: [{ name: 'the Service port' }],
  invalid: [{ name: 'a port the Service does not have', edit: [[`${P}-ingress-flask.yml`, 'number: 5000', 'number: 80']], errors: [{ messageId: 'notServicePort', line: 17, column: 19 }] }],
});

tableTest('ingress-port', {
  role: 'flask-ingress',
  with: { mode: 'nodePort' },
  valid: [{ name: 'a nodePort number', edit: [[`${P}-ingress-flask.yml`, 'number: 5000', 'number: 31587']] }],
  invalid: [{ name: 'the Service port is not a nodePort', errors: [{ messageId: 'notNodePort', line: 17, column: 19 }] }],
});

tableTest('ingress-host', {
  role: 'flask-ingress',
  with: { domain: 'coe332.tacc.cloud' },
  valid: [{ name: 'a name under the domain' }],
  invalid: [
    { name: 'a placeholder', edit: [[`${P}-ingress-flask.yml`, 'proj-prod.coe332.tacc.cloud', 'your.domain.com']], errors: [{ messageId: 'wrong', line: 8, column: 13 }] },
    { name: 'upper case', edit: [[`${P}-ingress-flask.yml`, 'proj-prod.coe332', 'Proj-prod.coe332']], errors: [{ messageId: 'wrong' }] },
  ],
});

tableTest('env-consistent', {
  valid: [{ name: 'prod says prod' }],
  invalid: [
    { name: 'a prod object named test', edit: [[`${P}-service-redis.yml`, 'name: proj-prod-redis-service', 'name: proj-test-redis-svc']], errors: [{ messageId: 'names', file: `${P}-service-redis.yml`, line: 4, column: 9 }] },
    // A name with both words still names the other environment ("not in metadata.name, split into words").
    { name: 'a prod object whose name says prod and test', edit: [[`${P}-service-redis.yml`, 'name: proj-prod-redis-service', 'name: proj-prod-redis-service-test']], errors: [{ messageId: 'names', file: `${P}-service-redis.yml`, line: 4, column: 9 }] },
  ],
});

tableTest('distinct-names', {
  valid: [{ name: 'names of their own' }],
  invalid: [{ name: 'one name in both', edit: [[`${P}-service-nodeport-flask.yml`, 'name: proj-prod-flask-nodeport', 'name: proj-test-flask-nodeport'], [`${P}-ingress-flask.yml`, 'proj-prod-flask-nodeport', 'proj-test-flask-nodeport']], errors: [{ messageId: 'same', file: `${T}-service-nodeport-flask.yml`, line: 4, column: 9 }] }],
});

tableTest('distinct-hosts', {
  with: { ingress: 'flask-ingress' },
  valid: [{ name: 'a host each' }],
  invalid: [
    { name: 'one host', edit: [[`${P}-ingress-flask.yml`, 'proj-prod.coe332', 'proj-test.coe332']], errors: [{ messageId: 'same', file: `${P}-ingress-flask.yml`, line: 8, column: 13 }] },
    { name: 'no test Ingress', files: { [`${T}-ingress-flask.yml`]: null }, errors: [{ messageId: 'missing' }] },
  ],
});

tableTest('file-says', {
  with: { words: { 'flask-nodeport': [['nodeport', 'node-port']], 'redis-deployment': [['deploy'], ['redis', 'db']] } },
  valid: [{ name: 'the course\'s names' }],
  invalid: [
    {
      name: 'a NodePort in broadcasting-service.yml',
      files: { [`${P}-service-nodeport-flask.yml`]: null, 'kubernetes/prod/broadcasting-service.yml': finalStack('prod')[`${P}-service-nodeport-flask.yml`]! },
      errors: [{ messageId: 'unclear', file: 'kubernetes/prod/broadcasting-service.yml', line: 1, column: 1 }],
    },
  ],
});

tableTest('corresponds', {
  valid: [{ name: 'the same names but for the environment' }],
  invalid: [
    { name: '.yaml is not .yml', files: { [`${P}-pvc-redis.yml`]: null, [`${P}-pvc-redis.yaml`]: finalStack('prod')[`${P}-pvc-redis.yml`]! }, errors: [{ messageId: 'differ', file: `${P}-pvc-redis.yaml` }] },
  ],
});

tableTest('own-file', {
  rubric: 'coe332-hw7-worker',
  role: 'worker-deployment',
  with: { stem: 'jdoe-hw7-worker-deployment', extensions: ['.yml'] },
  valid: [{ name: 'the exact name' }],
  invalid: [{ name: 'another name', files: { [W]: null, 'homework07/jdoe-worker-deployment.yml': hw7Files()[W]! }, errors: [{ messageId: 'wrong', file: 'homework07/jdoe-worker-deployment.yml', line: 1, column: 1 }] }],
});

describe('every template', () => {
  it('has a table above, a schema for its with, and an ok message', () => {
    for (const t of TEMPLATES.values()) {
      expect(t.schema.type, t.key).toBe('object');
      expect(t.messages.ok, t.key).toBeTypeOf('string');
    }
  });
});
