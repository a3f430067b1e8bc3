/**
 * Test doubles for the live pass's unit tests (never for the e2e proof):
 * a tiny RESP server, an HTTP server, and an in-memory KubeApi whose watches
 * see every change, whose exec runs the command on this machine (so the real
 * probe program talks to the fake Redis on 127.0.0.1), and whose pods are
 * replaced like a ReplicaSet would when one is deleted.
 */
import { spawn } from 'node:child_process';
import { createServer as createHttp, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { KubeError, R, type ExecResult, type Json, type KubeApi, type ListResult, type Resource, type Selectors, type WatchEvent } from '../src/live/kube.js';

export interface FakeRedis {
  port: number;
  data: Map<string, string>;
  commands: string[][];
  close(): Promise<void>;
}

export async function fakeRedis(): Promise<FakeRedis> {
  const data = new Map<string, string>();
  const commands: string[][] = [];
  const server: Server = createServer((sock) => {
    let buf = Buffer.alloc(0);
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, Buffer.from(chunk)]);
      for (;;) {
        const parsed = parseCommand(buf);
        if (!parsed) break;
        buf = buf.subarray(parsed.used);
        const [cmd, ...args] = parsed.args;
        commands.push(parsed.args);
        const u = cmd!.toUpperCase();
        if (u === 'SET') {
          data.set(args[0]!, args[1]!);
          sock.write('+OK\r\n');
        } else if (u === 'GET') {
          const v = data.get(args[0]!);
          sock.write(v === undefined ? '$-1\r\n' : `$${Buffer.byteLength(v)}\r\n${v}\r\n`);
        } else if (u === 'DEL') {
          const had = data.delete(args[0]!);
          sock.write(`:${had ? 1 : 0}\r\n`);
        } else if (u === 'SAVE' || u === 'INFO' || u === 'CLIENT' || u === 'SELECT') sock.write('+OK\r\n');
        else sock.write(`-ERR unknown command '${cmd}'\r\n`);
      }
    });
    sock.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, data, commands, close: () => new Promise((r) => server.close(() => r())) };
}

function parseCommand(buf: Buffer): { args: string[]; used: number } | undefined {
  const s = buf.toString('latin1');
  if (!s.startsWith('*')) return undefined;
  let i = s.indexOf('\r\n');
  if (i < 0) return undefined;
  const n = Number(s.slice(1, i));
  let pos = i + 2;
  const args: string[] = [];
  for (let k = 0; k < n; k++) {
    i = s.indexOf('\r\n', pos);
    if (i < 0) return undefined;
    const len = Number(s.slice(pos + 1, i));
    pos = i + 2;
    if (s.length < pos + len + 2) return undefined;
    args.push(buf.subarray(pos, pos + len).toString('utf8'));
    pos += len + 2;
  }
  return { args, used: pos };
}

/** An HTTP server on 127.0.0.1 (`port` 0: any free one) answering `status` on /hello-service. */
export async function fakeHttp(status = 200, port = 0): Promise<{ port: number; paths: string[]; close(): Promise<void> }> {
  const paths: string[] = [];
  const server: HttpServer = createHttp((req, res) => {
    paths.push(req.url ?? '');
    res.writeHead(req.url === '/hello-service' ? status : 404, { 'content-type': 'text/plain' });
    res.end(req.url === '/hello-service' ? 'Hello world\n' : 'not found\n');
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, paths, close: () => new Promise((r) => server.close(() => r())) };
}

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

type Listener = { r: Resource; ns: string | undefined; sel: Selectors; fn: (e: WatchEvent) => boolean | void; done: () => void };

const key = (r: Resource, ns: string | undefined) => `${r.group}/${r.plural}/${r.namespaced ? ns : ''}`;

function matchSel(o: Json, sel: Selectors = {}): boolean {
  if (sel.fieldSelector) {
    for (const part of sel.fieldSelector.split(',')) {
      const [k, v] = part.split('=');
      const path = k!.split('.');
      let cur: Json = o;
      for (const p of path) cur = cur?.[p];
      if (String(cur) !== v) return false;
    }
  }
  if (sel.labelSelector) {
    for (const part of sel.labelSelector.split(',')) {
      const [k, v] = part.split('=');
      const have = o.metadata?.labels?.[k!];
      if (v === undefined ? have === undefined : have !== v) return false;
    }
  }
  return true;
}

/** An in-memory API server: enough of it for the live runner. */
export class FakeKube implements KubeApi {
  readonly namespace = 'student';
  readonly server = 'https://fake:6443';
  readonly context = 'fake';
  private store = new Map<string, Map<string, Json>>();
  private listeners = new Set<Listener>();
  private rv = 1;
  private uid = 1;
  readonly deleted: string[] = [];
  readonly calls: string[] = [];
  /** Verbs to refuse, as "verb resource" ("delete pods"). */
  forbid = new Set<string>();
  /** Called after a pod is deleted (the test plays the ReplicaSet). */
  onPodDeleted?: (pod: Json) => void;
  /** Called after a pod is created (the test plays the kubelet). */
  onPodCreated?: (pod: Json) => void;

  private bucket(r: Resource, ns: string | undefined): Map<string, Json> {
    const k = key(r, ns);
    let b = this.store.get(k);
    if (!b) this.store.set(k, (b = new Map()));
    return b;
  }

  private guard(verb: string, r: Resource, ns?: string) {
    this.calls.push(`${verb} ${r.plural}${ns ? ` ${ns}` : ''}`);
    if (this.forbid.has(`${verb} ${r.plural}`)) throw new KubeError('forbidden', `forbidden: kubegrade needs "${verb}" on "${r.plural}" in namespace ${ns}`, 403);
  }

  /** Puts (creates or replaces) an object and tells the watchers. */
  put(r: Resource, ns: string | undefined, obj: Json): Json {
    const b = this.bucket(r, ns);
    const name = obj.metadata.name;
    const existed = b.has(name);
    obj.metadata.uid ??= `uid-${this.uid++}`;
    if (r.namespaced) obj.metadata.namespace = ns;
    obj.metadata.resourceVersion = String(++this.rv);
    b.set(name, obj);
    this.emit(r, ns, { type: existed ? 'MODIFIED' : 'ADDED', object: structuredClone(obj) });
    return obj;
  }

  remove(r: Resource, ns: string | undefined, name: string): Json | undefined {
    const b = this.bucket(r, ns);
    const o = b.get(name);
    if (!o) return undefined;
    b.delete(name);
    this.emit(r, ns, { type: 'DELETED', object: structuredClone(o) });
    return o;
  }

  private emit(r: Resource, ns: string | undefined, e: WatchEvent) {
    for (const l of [...this.listeners]) {
      if (l.r !== r || (r.namespaced && l.ns !== ns) || !matchSel(e.object, l.sel)) continue;
      if (l.fn(e)) l.done();
    }
  }

  async get(r: Resource, ns: string | undefined, name: string): Promise<Json | undefined> {
    this.guard('get', r, ns);
    const o = this.bucket(r, ns).get(name);
    return o ? structuredClone(o) : undefined;
  }
  async list(r: Resource, ns: string | undefined, sel?: Selectors): Promise<ListResult> {
    this.guard('list', r, ns);
    return { items: [...this.bucket(r, ns).values()].filter((o) => matchSel(o, sel)).map((o) => structuredClone(o)), resourceVersion: String(this.rv) };
  }
  async create(r: Resource, ns: string | undefined, body: Json): Promise<Json> {
    this.guard('create', r, ns);
    if (this.bucket(r, ns).has(body.metadata.name)) throw new KubeError('conflict', `${r.kind} ${body.metadata.name} already exists`, 409);
    const o = this.put(r, ns, structuredClone(body));
    if (r.plural === 'pods') queueMicrotask(() => this.onPodCreated?.(o));
    return structuredClone(o);
  }
  async delete(r: Resource, ns: string | undefined, name: string, opts: { uid?: string } = {}): Promise<boolean> {
    this.guard('delete', r, ns);
    const o = this.bucket(r, ns).get(name);
    if (!o) return false;
    if (opts.uid && o.metadata.uid !== opts.uid) throw new KubeError('conflict', 'precondition failed: uid', 409);
    this.remove(r, ns, name);
    this.deleted.push(`${r.plural}/${name}`);
    if (r.plural === 'pods') setTimeout(() => this.onPodDeleted?.(o), 5);
    return true;
  }
  /** What apply was given and when each call returned, in order: `start <Kind>`, `done <Kind>`. */
  applyLog: string[] = [];
  /** Every object apply was given, as given. */
  applied: { ns: string; obj: Json }[] = [];
  async apply(obj: Json, ns: string): Promise<Json> {
    this.guard('patch', { group: '', version: 'v1', plural: obj.kind.toLowerCase() + 's', kind: obj.kind, namespaced: true }, ns);
    this.applyLog.push(`start ${obj.kind}`);
    this.applied.push({ ns, obj: structuredClone(obj) });
    await new Promise((r) => setTimeout(r, 2)); // a round trip: calls in flight together overlap
    this.applyLog.push(`done ${obj.kind}`);
    // The quota controller: a ResourceQuota gets its status a moment later.
    if (obj.kind === 'ResourceQuota') setTimeout(() => this.put(R.resourcequotas, ns, { ...structuredClone(obj), status: { hard: obj.spec.hard, used: {} } }), 5);
    return obj;
  }
  async watch(r: Resource, ns: string | undefined, sel: Selectors & { resourceVersion?: string }, onEvent: (e: WatchEvent) => boolean | void, signal: AbortSignal): Promise<void> {
    this.guard('watch', r, ns);
    if (signal.aborted) return;
    await new Promise<void>((resolve) => {
      const l: Listener = {
        r,
        ns,
        sel,
        fn: onEvent,
        done: () => {
          this.listeners.delete(l);
          signal.removeEventListener('abort', l.done);
          resolve();
        },
      };
      this.listeners.add(l);
      signal.addEventListener('abort', l.done, { once: true });
    });
  }
  async logs(): Promise<string> {
    return 'Traceback (most recent call last):\nValueError: boom';
  }
  /**
   * The exec API's own time before the command runs, in ms, by the probe step (the command's fourth word:
   * python3 -c PROGRAM STEP …) and how many execs of it came before: a slow or hung (Infinity) API server or kubelet.
   */
  execDelay?: (step: string, nth: number) => number;
  /** The probe steps exec'd, in order, and the limit each was given. */
  readonly execs: { step: string; timeoutMs: number }[] = [];
  /** Runs the command here (python3 -c PROBE …), so the real probe program is exercised. */
  async exec(ns: string, pod: string, _container: string, command: string[], timeoutMs: number, signal?: AbortSignal): Promise<ExecResult> {
    this.calls.push(`create pods/exec ${ns}`);
    if (this.forbid.has('create pods/exec')) throw new KubeError('forbidden', `forbidden: kubegrade needs "create" on "pods/exec" in namespace ${ns}`, 403);
    if (!this.bucket({ group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true }, ns).has(pod)) throw new KubeError('not-found', `pod ${pod} not found`, 404);
    const step = command[3] ?? '';
    const delay = this.execDelay?.(step, this.execs.filter((x) => x.step === step).length) ?? 0;
    this.execs.push({ step, timeoutMs });
    return new Promise((resolve, reject) => {
      let p: ReturnType<typeof spawn> | undefined;
      const end = (e: Error) => {
        clearTimeout(t);
        clearTimeout(later);
        p?.kill('SIGKILL');
        reject(e);
      };
      const t = setTimeout(() => end(new KubeError('timeout', `timed out after ${timeoutMs} ms`)), timeoutMs);
      signal?.addEventListener('abort', () => end(signal.reason), { once: true });
      const later = setTimeout(
        () => {
          p = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
          let out = '';
          let err = '';
          p.stdout!.on('data', (d) => (out += d));
          p.stderr!.on('data', (d) => (err += d));
          p.on('close', () => {
            clearTimeout(t);
            resolve({ stdout: out, stderr: err });
          });
        },
        Number.isFinite(delay) ? delay : 2 ** 31 - 1,
      );
    });
  }
  activeWatches(): number {
    return this.listeners.size;
  }
}
