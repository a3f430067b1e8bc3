/**
 * The Kubernetes API as the live pass needs it: a handful of verbs on a
 * handful of resources, each call knowing its RBAC verb and resource so that
 * a 403 becomes "kubegrade needs "delete" on "pods" in namespace X", and an
 * unreachable server one line, never a stack trace.
 *
 * Connection (kubeconfig, context, auth, TLS), exec over WebSocket, watches
 * and the discovery of a kind's resource come from @kubernetes/client-node
 * 2.x; plain get/list/create/delete and server-side apply go through its
 * RequestContext and authentication with undici's fetch (the same stack
 * client-node's generated APIs use), the bodies as JSON exactly as given.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { fetch } from 'undici';
import { UsageError } from '../util/errors.js';
import { isKubeError, KubeError, type Json, type KubeErrorCode } from './errors.js';

export { isKubeError, KubeError, type Json, type KubeErrorCode };

export interface Resource {
  group: string;
  version: string;
  /** The RBAC resource name (plural). */
  plural: string;
  kind: string;
  namespaced: boolean;
}

const res = (group: string, version: string, plural: string, kind: string, namespaced = true): Resource => ({ group, version, plural, kind, namespaced });
export const R = {
  pods: res('', 'v1', 'pods', 'Pod'),
  services: res('', 'v1', 'services', 'Service'),
  endpoints: res('', 'v1', 'endpoints', 'Endpoints'),
  pvcs: res('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim'),
  events: res('', 'v1', 'events', 'Event'),
  namespaces: res('', 'v1', 'namespaces', 'Namespace', false),
  deployments: res('apps', 'v1', 'deployments', 'Deployment'),
  replicasets: res('apps', 'v1', 'replicasets', 'ReplicaSet'),
  endpointslices: res('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice'),
  storageclasses: res('storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', false),
  resourcequotas: res('', 'v1', 'resourcequotas', 'ResourceQuota'),
  limitranges: res('', 'v1', 'limitranges', 'LimitRange'),
  networkpolicies: res('networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy'),
  nodes: res('', 'v1', 'nodes', 'Node', false),
  jobs: res('batch', 'v1', 'jobs', 'Job'),
  configmaps: res('', 'v1', 'configmaps', 'ConfigMap'),
  serviceaccounts: res('', 'v1', 'serviceaccounts', 'ServiceAccount'),
} as const;

export function forbiddenMessage(verb: string, resource: string, namespace?: string): string {
  return `forbidden: kubegrade needs "${verb}" on "${resource}" ${namespace ? `in namespace ${namespace}` : 'cluster-wide (a ClusterRole)'}`;
}

export interface ListResult {
  items: Json[];
  resourceVersion: string;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: Json;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** The V1Status the server sent on the status channel, when it sent one (client-node does not always deliver it). */
  status?: Json;
}

export interface Selectors {
  labelSelector?: string;
  fieldSelector?: string;
}

/** What the live pass calls. The real one is `ClientKube`; unit tests use fakes. */
export interface KubeApi {
  /** The namespace the connection defaults to (the context's, or --namespace). */
  readonly namespace: string;
  /** For messages: the API server's URL and the context name. */
  readonly server: string;
  readonly context: string;
  get(r: Resource, ns: string | undefined, name: string): Promise<Json | undefined>;
  list(r: Resource, ns: string | undefined, sel?: Selectors): Promise<ListResult>;
  create(r: Resource, ns: string | undefined, body: Json): Promise<Json>;
  /** Deletes; `uid` makes it a precondition (never deletes a same-named successor). Resolves false when already gone. */
  delete(r: Resource, ns: string | undefined, name: string, opts?: { uid?: string; gracePeriodSeconds?: number; propagationPolicy?: string }): Promise<boolean>;
  /** Server-side apply (fieldManager kubegrade). */
  apply(obj: Json, ns: string): Promise<Json>;
  /** Watches from `resourceVersion`; `onEvent` returning true ends the watch. Resolves when it ends (server close, stop, or true). */
  watch(r: Resource, ns: string | undefined, sel: Selectors & { resourceVersion?: string }, onEvent: (e: WatchEvent) => boolean | void, signal: AbortSignal): Promise<void>;
  logs(ns: string, pod: string, container: string, opts: { tailLines: number; previous?: boolean }): Promise<string>;
  /**
   * Runs a command in a container; ends when the exec WebSocket closes, or rejects with a KubeError('timeout') after
   * `timeoutMs`, or with the signal's reason when it aborts (the socket closed either way: nothing waits on it after).
   */
  exec(ns: string, pod: string, container: string, command: string[], timeoutMs: number, signal?: AbortSignal): Promise<ExecResult>;
}

export interface ConnectOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  /** Time limit of each plain API request, ms. */
  requestTimeoutMs?: number;
}

/**
 * Loads the kubeconfig the usual way: --kubeconfig, else $KUBECONFIG (its
 * files merged), else ~/.kube/config, else the in-cluster service account.
 * Every failure is a UsageError with one line.
 */
export function loadKubeConfig(o: ConnectOptions): { kc: k8s.KubeConfig; source: string } {
  const kc = new k8s.KubeConfig();
  let source: string;
  const fromFile = (file: string, what: string) => {
    if (!existsSync(file)) throw new UsageError(`no kubeconfig at ${file} (${what})`);
    try {
      kc.loadFromFile(file);
    } catch (e) {
      throw new UsageError(`${file}: not a usable kubeconfig (${oneLine(e)})`);
    }
    return file;
  };
  if (o.kubeconfig) source = fromFile(o.kubeconfig, '--kubeconfig');
  else if (process.env.KUBECONFIG) {
    const files = process.env.KUBECONFIG.split(':').filter(Boolean);
    for (const f of files) if (!existsSync(f)) throw new UsageError(`no kubeconfig at ${f} (from $KUBECONFIG)`);
    try {
      kc.loadFromDefault();
    } catch (e) {
      throw new UsageError(`$KUBECONFIG (${process.env.KUBECONFIG}): not a usable kubeconfig (${oneLine(e)})`);
    }
    source = process.env.KUBECONFIG;
  } else if (existsSync(join(homedir(), '.kube', 'config'))) source = fromFile(join(homedir(), '.kube', 'config'), '~/.kube/config');
  else if (process.env.KUBERNETES_SERVICE_HOST && existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token')) {
    kc.loadFromCluster();
    source = 'in-cluster service account';
  } else {
    throw new UsageError('no kubeconfig: pass --kubeconfig FILE, set KUBECONFIG, or write ~/.kube/config (in a pod, the service account is used)');
  }
  if (o.context) {
    const names = kc.getContexts().map((c) => c.name);
    if (!names.includes(o.context)) throw new UsageError(`no context "${o.context}" in ${source} (contexts: ${names.join(', ') || 'none'})`);
    kc.setCurrentContext(o.context);
  }
  if (!kc.getCurrentCluster()) throw new UsageError(`${source}: the current context ${kc.getCurrentContext() ? `"${kc.getCurrentContext()}" ` : ''}names no cluster (pass --context)`);
  return { kc, source };
}

export class ClientKube implements KubeApi {
  readonly namespace: string;
  readonly server: string;
  readonly context: string;
  private readonly timeoutMs: number;
  private discovery: ResourceDiscovery | undefined;

  constructor(
    readonly kc: k8s.KubeConfig,
    o: ConnectOptions = {},
  ) {
    this.context = kc.getCurrentContext();
    this.server = kc.getCurrentCluster()?.server ?? '';
    this.namespace = o.namespace || kc.getContextObject(this.context)?.namespace || 'default';
    this.timeoutMs = o.requestTimeoutMs ?? 30_000;
  }

  private path(r: Resource, ns: string | undefined, name?: string, sub?: string): string {
    const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
    const nsPart = r.namespaced ? `/namespaces/${encodeURIComponent(ns ?? this.namespace)}` : '';
    return `${base}${nsPart}/${r.plural}${name ? `/${encodeURIComponent(name)}` : ''}${sub ? `/${sub}` : ''}`;
  }

  private async request(method: string, verb: string, r: Resource, ns: string | undefined, name: string | undefined, o: { query?: Record<string, string | number | boolean | undefined>; body?: Json; contentType?: string; sub?: string; text?: boolean } = {}): Promise<Json> {
    const url = new URL(this.server + this.path(r, ns, name, o.sub));
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const ctx = new k8s.RequestContext(url.toString(), method as k8s.HttpMethod);
    await this.kc.applySecurityAuthentication(ctx);
    const headers = { ...ctx.getHeaders(), Accept: 'application/json' } as Record<string, string>;
    if (o.body !== undefined) headers['Content-Type'] = o.contentType ?? 'application/json';
    const rbacResource = o.sub ? `${r.plural}/${o.sub}` : r.plural;
    const nsName = r.namespaced ? (ns ?? this.namespace) : r.plural === 'namespaces' ? name : undefined;
    let resp;
    try {
      resp = await fetch(url, {
        method,
        headers,
        body: o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body),
        dispatcher: ctx.getDispatcher() as never,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw this.transportError(e);
    }
    const text = await resp.text();
    if (resp.status >= 200 && resp.status < 300) {
      if (o.text) return text;
      return text ? JSON.parse(text) : {};
    }
    let body: Json;
    try {
      body = JSON.parse(text);
    } catch {
      body = { message: text.trim() };
    }
    throw statusError(resp.status, body, verb, rbacResource, nsName, r.kind, name);
  }

  private transportError(e: unknown): KubeError {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return new KubeError('timeout', `the API server at ${this.server} did not answer within ${Math.round(this.timeoutMs / 1000)} s`);
    const cause = err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e);
    return new KubeError('unreachable', `cannot reach the API server at ${this.server} (context ${this.context}): ${cause}`);
  }

  async get(r: Resource, ns: string | undefined, name: string): Promise<Json | undefined> {
    try {
      return await this.request('GET', 'get', r, ns, name);
    } catch (e) {
      if (isKubeError(e, 'not-found')) return undefined;
      throw e;
    }
  }

  async list(r: Resource, ns: string | undefined, sel: Selectors = {}): Promise<ListResult> {
    const out = await this.request('GET', 'list', r, ns, undefined, { query: { labelSelector: sel.labelSelector, fieldSelector: sel.fieldSelector } });
    return { items: out.items ?? [], resourceVersion: out.metadata?.resourceVersion ?? '' };
  }

  create(r: Resource, ns: string | undefined, body: Json): Promise<Json> {
    return this.request('POST', 'create', r, ns, undefined, { body, query: { fieldManager: 'kubegrade' } });
  }

  async delete(r: Resource, ns: string | undefined, name: string, opts: { uid?: string; gracePeriodSeconds?: number; propagationPolicy?: string } = {}): Promise<boolean> {
    const body: Json = { kind: 'DeleteOptions', apiVersion: 'v1' };
    if (opts.uid) body.preconditions = { uid: opts.uid };
    if (opts.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = opts.gracePeriodSeconds;
    if (opts.propagationPolicy) body.propagationPolicy = opts.propagationPolicy;
    try {
      await this.request('DELETE', 'delete', r, ns, name, { body });
      return true;
    } catch (e) {
      if (isKubeError(e, 'not-found')) return false;
      throw e;
    }
  }

  /**
   * Server-side apply of the object exactly as given. (client-node's own patch() first runs it through its
   * typed models, which keep only the fields they name as written: a NetworkPolicy peer's `from` is `_from`
   * there, so every `from` was dropped and an isolating policy went out as allow-all.) client-node serves only
   * the discovery: which resource, plural and scope, serve the apiVersion and kind.
   */
  async apply(obj: Json, ns: string): Promise<Json> {
    this.discovery ??= this.kc.makeApiClient(ResourceDiscovery);
    const apiVersion = String(obj.apiVersion ?? '');
    let found: k8s.V1APIResource | undefined;
    try {
      found = await this.discovery.find(apiVersion, obj.kind);
    } catch (e) {
      if (e instanceof k8s.ApiException) {
        let body = e.body as Json;
        if (typeof body === 'string') {
          try {
            body = JSON.parse(body);
          } catch {
            body = { message: body };
          }
        }
        throw statusError(e.code, body ?? {}, 'patch', pluralGuess(obj.kind), ns, obj.kind, obj.metadata?.name);
      }
      const msg = oneLine(e);
      if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|fetch failed/.test(msg)) throw this.transportError(e);
      throw new KubeError('invalid', msg);
    }
    if (!found) throw new KubeError('invalid', `Unrecognized API version and kind: ${apiVersion} ${obj.kind}`);
    const slash = apiVersion.indexOf('/');
    const r: Resource = { group: slash < 0 ? '' : apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), plural: found.name, kind: obj.kind, namespaced: found.namespaced };
    const body = { ...obj, metadata: { ...(obj.metadata ?? {}), namespace: ns } };
    // JSON is YAML: the apply content type takes it as it is.
    return this.request('PATCH', 'patch', r, ns, obj.metadata?.name, { body, contentType: 'application/apply-patch+yaml', query: { fieldManager: 'kubegrade', force: true } });
  }

  async watch(r: Resource, ns: string | undefined, sel: Selectors & { resourceVersion?: string }, onEvent: (e: WatchEvent) => boolean | void, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    const w = new k8s.Watch(this.kc);
    const path = this.path(r, ns);
    await new Promise<void>((resolve, reject) => {
      let controller: AbortController | undefined;
      let finished = false;
      const finish = (err?: unknown) => {
        if (finished) return;
        finished = true;
        signal.removeEventListener('abort', onAbort);
        controller?.abort();
        if (err) reject(err);
        else resolve();
      };
      const onAbort = () => finish();
      signal.addEventListener('abort', onAbort);
      w.watch(
        path,
        { labelSelector: sel.labelSelector, fieldSelector: sel.fieldSelector, resourceVersion: sel.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 25 },
        (type, object) => {
          if (finished) return;
          if (type === 'ERROR') {
            // 410 Gone (resourceVersion too old): the caller re-lists.
            finish();
            return;
          }
          try {
            if (onEvent({ type: type as WatchEvent['type'], object })) finish();
          } catch (e) {
            finish(e);
          }
        },
        (err) => {
          if (!err || finished) return finish();
          const status = (err as { statusCode?: number }).statusCode;
          if (status) finish(statusError(status, { message: (err as Error).message }, 'watch', r.plural, r.namespaced ? (ns ?? this.namespace) : undefined, r.kind));
          else if ((err as Error).name === 'AbortError' || (err as Error).name === 'TimeoutError') finish();
          else finish(this.transportError(err));
        },
      ).then(
        (c) => {
          controller = c;
          if (finished) c.abort();
        },
        (e) => finish(this.transportError(e)),
      );
    });
  }

  async logs(ns: string, pod: string, container: string, opts: { tailLines: number; previous?: boolean }): Promise<string> {
    return this.request('GET', 'get', R.pods, ns, pod, { sub: 'log', text: true, query: { container, tailLines: opts.tailLines, previous: opts.previous || undefined } });
  }

  async exec(ns: string, pod: string, container: string, command: string[], timeoutMs: number, signal?: AbortSignal): Promise<ExecResult> {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const sink = (into: Buffer[]) =>
      new Writable({
        write(chunk, _enc, cb) {
          into.push(Buffer.from(chunk));
          cb();
        },
      });
    let status: Json;
    const exec = new k8s.Exec(this.kc);
    let ws: Awaited<ReturnType<k8s.Exec['exec']>> | undefined;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    let over = false;
    // client-node's close() does not end the process in the container
    // (kubernetes-client/javascript#441): the probe scripts end themselves.
    const terminate = () => {
      try {
        (ws as unknown as { terminate?: () => void })?.terminate?.();
      } catch {
        /* already gone */
      }
    };
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        terminate();
        reject(new KubeError('timeout', `timed out after ${Math.round(timeoutMs / 100) / 10} s`));
      }, timeoutMs);
      if (signal) {
        onAbort = () => {
          terminate();
          reject(signal.reason);
        };
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      }
    });
    deadline.catch(() => undefined);
    try {
      const run = (async () => {
        try {
          ws = await exec.exec(ns, pod, container, command, sink(out), sink(err), null, false, (s) => {
            status = s;
          });
        } catch (e) {
          throw this.execError(e, ns, pod);
        }
        // Timed out or aborted while the socket was still being opened: close it now.
        if (over) return terminate();
        // The end of the step is the WebSocket's close, not the status
        // callback, which client-node does not always call
        // (kubernetes-client/javascript#714).
        const sock = ws as unknown as { readyState: number; once(ev: string, f: () => void): void };
        if (sock.readyState !== 3) await new Promise<void>((resolve) => sock.once('close', () => resolve()));
      })();
      run.catch(() => undefined);
      await Promise.race([run, deadline]);
    } finally {
      over = true;
      clearTimeout(timer);
      if (onAbort) signal!.removeEventListener('abort', onAbort);
    }
    return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), status };
  }

  private execError(e: unknown, ns: string, pod: string): KubeError {
    const msg = oneLine(e);
    const m = /Unexpected server response: (\d+)/.exec(msg) ?? /status code (\d+)/i.exec(msg);
    const code = m ? Number(m[1]) : undefined;
    if (code === 403) return new KubeError('forbidden', forbiddenMessage('create', 'pods/exec', ns), 403);
    if (code === 404) return new KubeError('not-found', `pod ${pod} not found in namespace ${ns}`, 404);
    if (code === 401) return new KubeError('unauthorized', `the API server at ${this.server} refused kubegrade's credentials (401 Unauthorized)`, 401);
    if (code) return new KubeError('other', `exec in pod ${pod} failed: HTTP ${code}`, code);
    if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT/.test(msg)) return new KubeError('unreachable', `cannot reach the API server at ${this.server}: ${msg}`);
    return new KubeError('other', `exec in pod ${pod} failed: ${msg}`);
  }
}

/** client-node's object API, used for its discovery only (with its cache of each API version's resources). */
class ResourceDiscovery extends k8s.KubernetesObjectApi {
  find(apiVersion: string, kind: string): Promise<k8s.V1APIResource | undefined> {
    return this.resource(apiVersion, kind);
  }
}

function pluralGuess(kind: string | undefined): string {
  const k = String(kind ?? 'object').toLowerCase();
  const known: Record<string, string> = { persistentvolumeclaim: 'persistentvolumeclaims', deployment: 'deployments', service: 'services', pod: 'pods', endpoints: 'endpoints', networkpolicy: 'networkpolicies' };
  return known[k] ?? (k.endsWith('s') ? `${k}es` : `${k}s`);
}

/** A non-2xx answer, as a KubeError with the API server's own words. */
export function statusError(status: number, body: Json, verb: string, resource: string, ns: string | undefined, kind?: string, name?: string): KubeError {
  const message: string = body?.message ?? `HTTP ${status}`;
  switch (status) {
    case 401:
      return new KubeError('unauthorized', `the API server refused kubegrade's credentials (401 Unauthorized)`, status, body);
    case 403:
      return new KubeError('forbidden', forbiddenMessage(verb, resource, ns), status, body);
    case 404:
      return new KubeError('not-found', name ? `${kind ?? resource} ${name} not found${ns ? ` in namespace ${ns}` : ''}` : message, status, body);
    case 409:
      return new KubeError('conflict', message, status, body);
    case 400:
    case 422:
      return new KubeError('invalid', message, status, body);
    default:
      return new KubeError('other', `${verb} ${resource}${name ? ` ${name}` : ''}: ${message} (HTTP ${status})`, status, body);
  }
}

/** An object's status condition of `type` (pods, Deployments, Jobs: one per type) when it has `status`. */
export function conditionOf(o: Json | undefined, type: string, status: 'True' | 'False'): Json | undefined {
  return (o?.status?.conditions ?? []).find((c: Json) => c.type === type && c.status === status);
}

export function oneLine(e: unknown): string {
  const m = e instanceof Error ? e.message : typeof e === 'string' ? e : JSON.stringify(e);
  return String(m ?? '').split('\n')[0]!.trim();
}
