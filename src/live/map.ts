/**
 * The cluster map: what a submission names (a StorageClass, an image) → what
 * the grading cluster has. Students write manifests for the cluster they
 * used (`storageClassName: rbd`, `cinder-csi`; their own Flask image on
 * Docker Hub); an instructor grading on another cluster maps those names
 * onto its own, so the deployment can be graded there at all.
 *
 * Sources, first match wins: `--map-storage-class FROM=TO` and
 * `--map-image FROM=TO` (repeatable, in the order given), then
 * `--cluster-map FILE`, then the rubric's `clusterMap` parameter; the file
 * and the parameter hold
 *
 *   storageClasses: { rbd: rdb, nfs: rdb, "*": rdb }
 *   images: { redis: "redis:5.0.0", "*flask*": stand-in }
 *
 * An image rule without a tag matches every tag of that repository (`redis`
 * covers redis:6 and redis:7.2); `*` is a wildcard on the image as written
 * and as Docker normalises it. The target `stand-in` replaces the container
 * with a small HTTP server (the probe image's python3) that answers the
 * rubric's path on the container's declared port: the Flask app itself is
 * then not graded, and the report says so.
 *
 * The map is applied to the copies kubegrade deploys, never to the student's
 * files; every change is listed in the report (`live.mapped`).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { KObject } from '../parse/index.js';
import { UsageError } from '../util/errors.js';
import { containers, isRec, kindIs, parseImage, portNumber } from '../k8s/index.js';
import type { Json } from './errors.js';

export const STAND_IN = 'stand-in';

export interface MapRule {
  from: string;
  to: string;
  /** Where the rule was given, for messages. */
  source: string;
}

export interface ClusterMap {
  storageClasses: MapRule[];
  images: MapRule[];
}

export const EMPTY_MAP: ClusterMap = { storageClasses: [], images: [] };

export function isEmptyMap(m: ClusterMap): boolean {
  return m.storageClasses.length === 0 && m.images.length === 0;
}

/** `FROM=TO` (the last `=` splits: an image reference holds none). */
function rule(text: string, source: string): MapRule {
  const i = text.lastIndexOf('=');
  const from = i > 0 ? text.slice(0, i).trim() : '';
  const to = i > 0 ? text.slice(i + 1).trim() : '';
  if (!from || !to) throw new UsageError(`${source} ${text}: expected FROM=TO (e.g. rbd=rdb, or redis=redis:5.0.0, or '*flask*=${STAND_IN}')`);
  return { from, to, source };
}

function rulesOf(v: unknown, source: string): MapRule[] {
  if (v === undefined || v === null) return [];
  if (!isRec(v)) throw new UsageError(`${source}: expected a mapping of FROM: TO`);
  return Object.entries(v).map(([from, to]) => {
    if (typeof to !== 'string' || !to.trim() || !from.trim()) throw new UsageError(`${source}: "${from}" maps to ${JSON.stringify(to)}; expected a name`);
    return { from: from.trim(), to: to.trim(), source };
  });
}

/** The map's data as a rubric parameter or a file holds it. */
export function mapFromData(data: unknown, source: string): ClusterMap {
  if (data === undefined || data === null) return { storageClasses: [], images: [] };
  if (!isRec(data)) throw new UsageError(`${source}: expected storageClasses: and images: mappings`);
  const unknown = Object.keys(data).filter((k) => k !== 'storageClasses' && k !== 'images');
  if (unknown.length) throw new UsageError(`${source}: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (expected storageClasses, images)`);
  return { storageClasses: rulesOf(data.storageClasses, `${source}: storageClasses`), images: rulesOf(data.images, `${source}: images`) };
}

export interface MapCli {
  mapStorageClass?: string[];
  mapImage?: string[];
  clusterMap?: string;
}

/** Flags first, then the file, then the rubric's `clusterMap`: the first rule that matches wins. */
export function clusterMapFrom(o: MapCli, rubricParam?: unknown): ClusterMap {
  const out: ClusterMap = {
    storageClasses: (o.mapStorageClass ?? []).map((t) => rule(t, '--map-storage-class')),
    images: (o.mapImage ?? []).map((t) => rule(t, '--map-image')),
  };
  if (o.clusterMap) {
    let text: string;
    try {
      text = readFileSync(o.clusterMap, 'utf8');
    } catch (e) {
      throw new UsageError(`--cluster-map ${o.clusterMap}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    let data: unknown;
    try {
      data = parseYaml(text);
    } catch (e) {
      throw new UsageError(`--cluster-map ${o.clusterMap}: not YAML (${(e as Error).message.split('\n')[0]})`);
    }
    const m = mapFromData(data, o.clusterMap);
    out.storageClasses.push(...m.storageClasses);
    out.images.push(...m.images);
  }
  const r = mapFromData(rubricParam, 'the rubric\'s clusterMap');
  out.storageClasses.push(...r.storageClasses);
  out.images.push(...r.images);
  return out;
}

function glob(pattern: string, s: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(s);
}

/** Does an image rule's FROM match this image? */
export function imageMatches(from: string, image: string): boolean {
  if (from.includes('*')) return glob(from, image.trim()) || glob(from, fullRef(image));
  const a = parseImage(from);
  const b = parseImage(image);
  if (a.repository !== b.repository) return false;
  const tagGiven = /:[^/]*$/.test(from.split('@')[0]!) || from.includes('@');
  if (!tagGiven) return true;
  return a.tag === b.tag && a.digest === b.digest;
}

function fullRef(image: string): string {
  const r = parseImage(image);
  return `${r.repository}${r.tag ? `:${r.tag}` : ''}${r.digest ? `@${r.digest}` : ''}`;
}

export function mapImage(m: ClusterMap, image: string): MapRule | undefined {
  return m.images.find((r) => imageMatches(r.from, image));
}

export function mapStorageClass(m: ClusterMap, cls: string): MapRule | undefined {
  return m.storageClasses.find((r) => r.from === cls) ?? m.storageClasses.find((r) => r.from.includes('*') && glob(r.from, cls));
}

/**
 * The stand-in's program: answers 200 on the rubric's path and 404 elsewhere,
 * on every address of the port the student's container declares; exits on
 * SIGTERM (python as PID 1 would otherwise ignore it and every deletion
 * would wait out the grace period).
 */
export const STAND_IN_PY = [
  'import http.server, signal, sys',
  'signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))',
  'port, path = int(sys.argv[1]), sys.argv[2]',
  'class H(http.server.BaseHTTPRequestHandler):',
  '    def do_GET(self):',
  '        ok = self.path.split("?")[0] == path',
  '        body = (b"kubegrade stand-in for the student\'s Flask image\\n" if ok else b"not found\\n")',
  '        self.send_response(200 if ok else 404)',
  '        self.send_header("Content-Type", "text/plain")',
  '        self.send_header("Content-Length", str(len(body)))',
  '        self.end_headers()',
  '        self.wfile.write(body)',
  '    def log_message(self, *a):',
  '        pass',
  'http.server.ThreadingHTTPServer(("0.0.0.0", port), H).serve_forever()',
  '',
].join('\n');

export interface MapContext {
  /** The rubric's flaskPath (what the stand-in serves) and flaskPort (its port when the container declares none). */
  flaskPath: string;
  flaskPort: number;
  /** The image the stand-in runs (the rubric's probeImage: it has python3 and the cluster holds it). */
  standInImage: string;
}

export interface Mapped {
  /** The object as kubegrade applies it. */
  value: Json;
  /** What was changed, one line each ("PersistentVolumeClaim x: storageClassName rbd → rdb (--map-storage-class)"). */
  changes: string[];
  /** Containers replaced by the stand-in. */
  standIns: string[];
}

/** The copy of `obj` that kubegrade applies, with the map applied; `obj` itself is never changed. */
export function applyClusterMap(obj: KObject, m: ClusterMap, c: MapContext): Mapped {
  const out: Mapped = { value: obj.value, changes: [], standIns: [] };
  if (isEmptyMap(m)) return out;
  let copy: Json | undefined;
  const edit = (): Json => (copy ??= structuredClone(obj.value));
  const what = `${obj.kind} ${obj.name}`;
  if (kindIs(obj, 'PersistentVolumeClaim')) {
    const cls = isRec(obj.value.spec) ? obj.value.spec.storageClassName : undefined;
    const r = typeof cls === 'string' ? mapStorageClass(m, cls) : undefined;
    if (r && r.to !== cls) {
      edit().spec.storageClassName = r.to;
      out.changes.push(`${what}: storageClassName ${cls} → ${r.to} (${r.source})`);
    }
  }
  for (const ctr of containers(obj, true)) {
    const image = ctr.value.image;
    if (typeof image !== 'string') continue;
    const r = mapImage(m, image);
    if (!r) continue;
    let node: Json = edit();
    for (const seg of ctr.path) node = node[seg];
    const name = String(ctr.value.name ?? '');
    if (r.to === STAND_IN) {
      const declared = Array.isArray(ctr.value.ports) ? ctr.value.ports.map((p) => (isRec(p) ? portNumber(p.containerPort) : undefined)).find((p) => p !== undefined) : undefined;
      const port = declared ?? c.flaskPort;
      node.image = c.standInImage;
      node.imagePullPolicy = 'IfNotPresent';
      node.command = ['python3', '-c', STAND_IN_PY, String(port), c.flaskPath];
      delete node.args;
      // Its probes were written for the student's app; the stand-in answers only the rubric's path.
      delete node.livenessProbe;
      delete node.readinessProbe;
      delete node.startupProbe;
      out.standIns.push(`${what} container ${name}`);
      out.changes.push(`${what}: container ${name}'s image ${image} → a stand-in serving GET ${c.flaskPath} on port ${port} (${r.source}; the student's own app is not graded live)`);
    } else {
      node.image = r.to;
      // Pulled once per node, not once per student: the cluster's copy is used when it has one.
      node.imagePullPolicy = 'IfNotPresent';
      out.changes.push(`${what}: container ${name}'s image ${image} → ${r.to} (${r.source})`);
    }
  }
  if (copy) out.value = copy;
  return out;
}

/** Every image the map points to (to pull once per class before the students). */
export function mappedImages(m: ClusterMap, standInImage: string): string[] {
  return [...new Set(m.images.map((r) => (r.to === STAND_IN ? standInImage : r.to)))];
}
