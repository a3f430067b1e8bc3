/**
 * The formats of a batch's --out, run in the writing thread (./writer.ts with RenderSetup): the
 * same reporters, options and order as in the calling thread (src/cli/batch.ts), on the same
 * reports (structured clones), into the files the calling thread opened. The class summary
 * they print at the end is counted here from those reports, as the calling thread counts its own.
 */
import { FdSink, OutTree } from '../cli/sink.js';
import { REPORTERS, type ReporterRun } from '../reporters/index.js';
import { loadRubric, primeRubricTexts } from '../rubric/index.js';
import type { Report } from '../types.js';
import { SummaryCounter } from './summary.js';
import type { HandOff, RenderSetup } from './write-ahead.js';

export interface Renderer {
  write(report: Report): void;
  /** Every format's end written, its file flushed (the calling thread closes it); the files of their own handed over. */
  flush(): HandOff;
  /** What was made and not handed over, removed. */
  abort(): void;
}

export function startRender(setup: RenderSetup, warn: (message: string) => void): Renderer {
  const tree = new OutTree(setup.outDir);
  const summary = new SummaryCounter();
  primeRubricTexts(setup.rubricTexts);
  const rubric = loadRubric(setup.rubric, { set: setup.set });
  const runs: { run: ReporterRun; sink: FdSink }[] = setup.formats.map(({ name, fd }) => {
    const sink = new FdSink(fd);
    const run = REPORTERS.get(name)!.create(sink, { color: false, outDir: setup.outDir, files: tree, extra: setup.extra, rubric, summary: () => summary.result(), warn });
    return { run, sink };
  });
  return {
    write(r) {
      summary.add(r);
      for (const { run } of runs) run.write(r);
    },
    flush() {
      for (const { run } of runs) run.flush();
      for (const { sink } of runs) sink.flush();
      return tree.handOff();
    },
    abort: () => tree.abort(),
  };
}
