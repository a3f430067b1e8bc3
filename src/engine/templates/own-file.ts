/** The role's object is alone in a file named `stem` with one of `extensions` (any folder): one object per file, named by the course's scheme. */
import { certain, renameFileEdit } from '../../fix/edits.js';
import { word } from '../../util/text.js';
import { baseName } from '../envs.js';
import type { TFinding, Template } from '../types.js';

const template: Template = {
  key: 'own-file',
  kinds: [],
  namesFile: true,
  needsObject: false,
  description: 'The role\'s object (a `kind`, called `label` in messages, of `app`) is alone in a file named `stem` plus one of `extensions`, in any folder. Without the object, the file of that name is said to hold something else, or nothing.',
  schema: {
    type: 'object',
    required: ['stem', 'extensions', 'label', 'kind', 'app'],
    additionalProperties: false,
    properties: { stem: { type: 'string', minLength: 1 }, extensions: { type: 'array', items: { type: 'string' }, minItems: 1 }, label: { type: 'string' }, kind: { type: 'string' }, app: { type: 'string' } },
  },
  messages: {
    ok: '{{file}} holds the {{label}}',
    empty: '{{file}} holds no {{label}}',
    holdsOther: '{{file}} holds no {{label}}: it holds {{kinds}}',
    missing: 'no {{label}} found, so no {{want}} holds one',
    shared: 'the {{label}} is in {{file}}, with other objects; {{why}}',
    wrong: 'the {{label}} is in {{file}}; {{why}}',
  },
  ok(ctx) {
    return { messageId: 'ok', data: { file: ctx.obj!.file, label: ctx.with.label } };
  },
  check(ctx) {
    const { label, kind, app } = ctx.with as Record<string, string>;
    const stem = String(ctx.with.stem);
    const exts = (ctx.with.extensions as unknown[]).map(String);
    const wanted = exts.map((ext) => stem + ext);
    const obj = ctx.obj;
    const objects = ctx.world.objects;
    if (!obj) {
      const named = ctx.world.fileNames.find((f) => wanted.includes(baseName(f)));
      if (!named) return [{ messageId: 'missing', data: { label, want: wanted[0] }, hint: `add ${wanted[0]} holding the ${kind}` }];
      const there = objects.filter((o) => o.file === named);
      // Nothing read from the file at all: it is empty or does not parse (yaml.parse says which).
      if (there.length === 0) return [{ messageId: 'empty', data: { file: named, label }, node: { file: named, line: 1, column: 1 }, hint: `put the ${kind} for ${app} in ${named} (no object could be read from it: if yaml.parse reports the file, fix that first)` }];
      // Say what the file holds instead (a PersistentVolume for the PVC, say), and point at its kind.
      const kinds = [...new Set(there.map((o) => o.kind ?? '(no kind)'))].map((k) => `a ${word(k)}`).join(' and ');
      const first = there[0]!;
      return [{
        messageId: 'holdsOther',
        data: { file: named, label, kinds },
        node: first.has(['kind']) ? { obj: first, path: ['kind'] } : { file: named, line: 1, column: 1 },
        hint: there.length === 1 ? `if this is meant to be the ${label}, make it kind: ${kind}` : `put the ${kind} for ${app} in ${named}`,
      }];
    }
    const base = baseName(obj.file);
    if (wanted.includes(base)) return [];
    const dir = obj.file.slice(0, obj.file.length - base.length);
    const why = base.replace(/\.[^.]+$/, '') === stem ? `the extension must be ${exts.join(' or ')}` : `expected ${wanted[0]}`;
    const data = { label, file: obj.file, why };
    // A file holding several objects cannot be renamed into each of them: point at this object's document.
    if (objects.some((o) => o !== obj && o.file === obj.file)) {
      return [{ messageId: 'shared', data, node: { obj, path: [] }, hint: `split the file: move this ${kind} (document ${obj.document + 1}) into ${dir}${wanted[0]}, one object per file` }];
    }
    // Never over a file that is there (kubegrade fix refuses too); a plain mv works in a git work tree as well.
    const to = `${dir}${wanted[0]}`;
    const taken = ctx.world.fileNames.includes(to);
    const f: TFinding = { messageId: 'wrong', data, node: { ...obj.at([]), line: 1, column: 1 }, hint: taken ? `rename it to ${to} (a file of that name is there already: merge the two)` : `rename it: mv ${obj.file} ${to} (or let kubegrade fix do it)` };
    if (!taken) f.fix = certain(renameFileEdit(obj.file, to));
    return [f];
  },
};
export default template;
