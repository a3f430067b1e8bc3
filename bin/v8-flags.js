// V8's flags for a kubegrade process: bin/kubegrade.js sets them before anything is compiled, and
// bench/batch.js's child, which runs the CLI's main() in its own process, sets the same.
//
// A run of kubegrade lasts from a tenth of a second to a few seconds: V8's optimizing compiler
// (TurboFan) spends more CPU there than its code gives back. Measured on 2 cores, a class of 1,000
// (bench:peers' command, interleaved, 6 runs each): CPU 2.31 → 1.85 s and wall 1.39 → 1.28 s
// without it, the same wall and 15% less CPU at 4,000; one student never reaches it. Its faster
// tier (Maglev) stays. A flag of the whole process: the batch's threads too.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-turbofan');
