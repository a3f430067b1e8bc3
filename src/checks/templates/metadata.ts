/** The check template about files: `files.*`. */
import type { RoleName } from '../../types.js';
import { word } from '../../util/text.js';
import { fail, pass, type CheckMeta, type StaticCheck } from '../types.js';
import { expectedStem, noUsername, ROLE_INFO } from './common.js';
import { certain, renameFileEdit } from '../../fix/edits.js';

type Meta = CheckMeta & { role: RoleName };

/** `files.<role>`: a file named exactly `<u>-<env>-<app>-<kind>.yml` holds the role's object. */
export function fileNamed(meta: Meta): StaticCheck {
  return {
    ...meta,
    kind: 'static',
    run(ctx) {
      const p = ctx.params;
      if (!p.username) return noUsername();
      const stem = expectedStem(meta.role, p);
      const wanted = p.fileExtensions.map((ext) => stem + ext);
      const obj = ctx.roles[meta.role];
      const info = ROLE_INFO[meta.role];
      if (!obj) {
        const named = ctx.fileNames.find((f) => wanted.includes(basename(f)));
        // Nothing read from the file at all: it is empty or does not parse (yaml.parse says which).
        const empty = named !== undefined && !ctx.objects.some((o) => o.file === named);
        if (named && empty) {
          return fail(
            `${named} holds no ${info.label}`,
            { file: named, line: 1, column: 1 },
            `put the ${info.kind} for ${info.app} in ${named} (no object could be read from it: if yaml.parse reports the file, fix that first)`,
          );
        }
        if (named) {
          // Say what the file holds instead (a PersistentVolume for the PVC, say), and point at its kind.
          const there = ctx.objects.filter((o) => o.file === named);
          const kinds = [...new Set(there.map((o) => o.kind ?? '(no kind)'))];
          return fail(
            `${named} holds no ${info.label}: it holds ${kinds.map((k) => `a ${word(k)}`).join(' and ')}`,
            there[0]!.has(['kind']) ? there[0]!.at(['kind']) : { file: named, line: 1, column: 1 },
            there.length === 1 ? `if this is meant to be the ${info.label}, make it kind: ${info.kind}` : `put the ${info.kind} for ${info.app} in ${named}`,
          );
        }
        return fail(`no ${info.label} found, so no ${wanted[0]} holds one`, undefined, `add ${wanted[0]} holding the ${info.kind}`);
      }
      const base = basename(obj.file);
      if (wanted.includes(base)) return pass(`${obj.file} holds the ${info.label}`);
      const where = obj.at([]);
      const dir = obj.file.slice(0, obj.file.length - base.length);
      const sameStem = base.replace(/\.[^.]+$/, '') === stem;
      const why = sameStem
        ? `the extension must be ${p.fileExtensions.join(' or ')}`
        : `expected ${wanted[0]}`;
      // A file holding several objects cannot be renamed into each of them: point at this object's document.
      const shared = ctx.objects.some((o) => o !== obj && o.file === obj.file);
      if (shared) {
        return fail(
          `the ${info.label} is in ${obj.file}, with other objects; ${why}`,
          where,
          `split the file: move this ${info.kind} (document ${obj.document + 1}) into ${dir}${wanted[0]}, one object per file`,
        );
      }
      // Never over a file that is there (kubegrade fix refuses too); a plain mv works in a git work tree as well.
      const to = `${dir}${wanted[0]}`;
      const taken = ctx.fileNames.includes(to);
      return fail(
        `the ${info.label} is in ${obj.file}; ${why}`,
        { ...where, line: 1, column: 1 },
        taken ? `rename it to ${to} (a file of that name is there already: merge the two)` : `rename it: mv ${obj.file} ${to} (or let kubegrade fix do it)`,
        taken ? undefined : certain(renameFileEdit(obj.file, to)),
      );
    },
  };
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
