// V8's flags for a kubegrade process, by its command: bin/kubegrade.js sets them before anything
// is compiled, and bench/batch.js's child, which runs the CLI's main() in its own process, sets the same.
//
// `batch`: V8's optimizing compiler (TurboFan) off. A class of many small submissions runs the same
// code a few thousand times in a few seconds, and TurboFan's compile threads cost more CPU there than
// its code gives back. Measured on 2 cores, a class of 1,000 (bench:peers' command, interleaved, 6
// runs each): CPU 2.31 → 1.85 s and wall 1.39 → 1.28 s without it; at 4,000 the same wall and 15%
// less CPU. Its faster tier (Maglev) stays. A flag of the whole process: the batch's threads too.
// Every other command keeps it: one submission is over before TurboFan starts, unless it is a
// heavy one (bench:hostile: four files of tabs 3.77 s without it), where its code pays.
import { setFlagsFromString } from 'node:v8';

/** The command of a kubegrade command line (its first word that is not an option). */
const command = (args) => args.find((a) => !a.startsWith('-'));

/** Sets the flags for the command line `args` (process.argv.slice(2)). */
export function setV8Flags(args) {
  if (command(args) === 'batch') setFlagsFromString('--no-turbofan');
}
