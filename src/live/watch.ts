/**
 * Waiting by watch, never by sleeping: list each source, then watch it from
 * the list's resourceVersion, keeping a cache of its objects; after every
 * change, ask `evaluate` whether the wait is over. A watch the server ends
 * (its timeoutSeconds, a 410 Gone) is re-listed and re-watched. The wait
 * ends when `evaluate` returns a value, or the signal aborts (the step's time
 * limit, or SIGINT), which also stops every watch.
 */
import type { Json, KubeApi, Resource, Selectors } from './kube.js';

export interface Source {
  r: Resource;
  ns: string | undefined;
  sel?: Selectors;
}

/** The current objects of each source, by name (index = the source's position). */
export type Snapshot = Map<string, Json>[];

export async function waitUntil<T>(kube: KubeApi, sources: Source[], evaluate: (s: Snapshot) => T | undefined | Promise<T | undefined>, signal: AbortSignal): Promise<T> {
  const snapshot: Snapshot = sources.map(() => new Map());
  const local = new AbortController();
  let wake: (() => void) | undefined;
  const onAbort = () => {
    local.abort(signal.reason);
    wake?.();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  let result: { value: T } | undefined;
  let failure: unknown;
  let dirty = false;
  // Evaluate only once every source has been listed: an empty cache is not "absent".
  const listed = new Set<number>();
  const poke = () => {
    dirty = true;
    wake?.();
  };

  const loops = sources.map(async (src, i) => {
    while (!local.signal.aborted) {
      const list = await kube.list(src.r, src.ns, src.sel);
      const cache = new Map<string, Json>();
      for (const o of list.items) cache.set(o.metadata?.name, o);
      snapshot[i] = cache;
      listed.add(i);
      poke();
      if (local.signal.aborted) return;
      await kube.watch(
        src.r,
        src.ns,
        { ...src.sel, resourceVersion: list.resourceVersion },
        (e) => {
          const name = e.object?.metadata?.name;
          if (e.type === 'BOOKMARK' || !name) return;
          if (e.type === 'DELETED') cache.delete(name);
          else cache.set(name, e.object);
          poke();
        },
        local.signal,
      );
    }
  });
  for (const l of loops)
    l.catch((e) => {
      failure ??= e;
      poke();
    });

  try {
    while (true) {
      if (failure) throw failure;
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
      if (dirty && listed.size === sources.length) {
        dirty = false;
        const v = await evaluate(snapshot);
        if (v !== undefined) {
          result = { value: v };
          return result.value;
        }
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    local.abort(new Error('wait over'));
  }
}
