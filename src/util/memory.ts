/**
 * A full garbage collection between two large parses, so that what one
 * submission's files cost in memory is what its largest file costs, not the
 * sum of them all.
 *
 * Why it is needed: the `yaml` package's syntax tree of a large document lives
 * as long as that document is parsed, long enough to be promoted to V8's old
 * generation, where it stays as garbage until the next major collection, and
 * V8 puts that off as the heap grows. Four 250 KiB tab-indented files in one
 * folder peaked at 378 MB this way (one alone: 194 MB) though nothing of them
 * was kept; with a collection after each: bench/hostile.js.
 *
 * V8 lets a running process ask for one by switching on --expose-gc and
 * taking `gc` from a new context (the flag adds it to contexts made after it;
 * this process's own global is left as it is). Where that is refused, this is
 * a no-op. Only large files ask for it (grade.ts): a homework's files are a
 * few KiB and never do.
 */
let gc: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      process.getBuiltinModule('node:v8').setFlagsFromString('--expose-gc');
      const found: unknown = process.getBuiltinModule('node:vm').runInNewContext('gc');
      gc = typeof found === 'function' ? (found as () => void) : null;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
