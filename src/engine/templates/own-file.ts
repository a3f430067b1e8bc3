/** The role's object is in a file named `stem` with one of `extensions`, or exactly `name` (any folder): one object per file, named by the rubric's scheme. */
import { certain, renameFileEdit } from '../../fix/edits.js';
import { forShell, forTerminalLine, shellSafe } from '../../util/escape.js';
import { word } from '../../util/text.js';
import { baseName } from '../envs.js';
import type { TFinding, Template, TemplateContext } from '../types.js';

/** The words for the role's object: `with`'s, else the rubric's role (its label and kind); `app` as " for <app>". */
function roleWords(ctx: TemplateContext): { label: string; kind: string; app: string } {
  const role = ctx.world.rubric.roles.find((r) => r.name === ctx.role);
  const w = ctx.with as Record<string, string | undefined>;
  return { label: w.label ?? role?.label ?? String(ctx.role ?? 'object'), kind: w.kind ?? role?.kind ?? 'object', app: w.app ? ` for ${w.app}` : '' };
}

const template: Template = {
  key: 'own-file',
  kinds: [],
  namesFile: true,
  needsObject: false,
  description: 'The role\'s object (a `kind`, called `label` in messages, of `app`; by default the role\'s kind and label) is in a file named `stem` plus one of `extensions` (default .yml), or exactly `name` (`{env}` is the environment), in any folder, case-sensitive. Without the object, the file of that name is said to hold something else, or nothing.',
  schema: {
    type: 'object',
    anyOf: [{ required: ['stem'] }, { required: ['name'] }],
    additionalProperties: false,
    properties: { stem: { type: 'string', minLength: 1 }, name: { type: 'string', minLength: 1 }, extensions: { type: 'array', items: { type: 'string' }, minItems: 1 }, label: { type: 'string' }, kind: { type: 'string' }, app: { type: 'string' } },
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
    return { messageId: 'ok', data: { file: ctx.obj!.file, label: roleWords(ctx).label } };
  },
  check(ctx) {
    const { label, kind, app } = roleWords(ctx);
    const exts = ((ctx.with.extensions as unknown[] | undefined) ?? ['.yml']).map(String);
    const stem = typeof ctx.with.name === 'string' ? undefined : String(ctx.with.stem);
    const wanted = stem === undefined ? [String(ctx.with.name).replaceAll('{env}', ctx.env)] : exts.map((ext) => stem + ext);
    const obj = ctx.obj;
    const objects = ctx.world.objects;
    if (!obj) {
      const named = ctx.world.fileNames.find((f) => wanted.includes(baseName(f)));
      if (!named) return [{ messageId: 'missing', data: { label, want: wanted[0] }, hint: `add ${wanted[0]} holding the ${kind}` }];
      const there = objects.filter((o) => o.file === named);
      // Nothing read from the file at all: it is empty or does not parse (yaml.parse says which).
      if (there.length === 0) return [{ messageId: 'empty', data: { file: named, label }, node: { file: named, line: 1, column: 1 }, hint: `put the ${kind}${app} in ${forTerminalLine(named)} (no object could be read from it: if yaml.parse reports the file, fix that first)` }];
      // Say what the file holds instead (a PersistentVolume for the PVC, say), and point at its kind.
      const kinds = [...new Set(there.map((o) => o.kind ?? '(no kind)'))].map((k) => `a ${word(k)}`).join(' and ');
      const first = there[0]!;
      return [{
        messageId: 'holdsOther',
        data: { file: named, label, kinds },
        node: first.has(['kind']) ? { obj: first, path: ['kind'] } : { file: named, line: 1, column: 1 },
        hint: there.length === 1 ? `if this is meant to be the ${label}, make it kind: ${kind}` : `put the ${kind}${app} in ${forTerminalLine(named)}`,
      }];
    }
    const base = baseName(obj.file);
    if (wanted.includes(base)) return [];
    const dir = obj.file.slice(0, obj.file.length - base.length);
    const why = stem !== undefined && base.replace(/\.[^.]+$/, '') === stem ? `the extension must be ${exts.join(' or ')}` : `expected ${wanted[0]}`;
    const data = { label, file: obj.file, why };
    // A file holding several objects cannot be renamed into each of them: point at this object's document.
    if (objects.some((o) => o !== obj && o.file === obj.file)) {
      return [{ messageId: 'shared', data, node: { obj, path: [] }, hint: `split the file: move this ${kind} (document ${obj.document + 1}) into ${forTerminalLine(dir)}${wanted[0]}, one object per file` }];
    }
    // Never over a file that is there (kubegrade fix refuses too); a plain mv works in a git work tree as well.
    // The command names each file as a POSIX shell reads it (quoted: a name is shown, never run); a
    // name with a control character cannot be pasted back from its escaped form, so it gets none.
    const to = `${dir}${wanted[0]}`;
    const taken = ctx.world.fileNames.includes(to);
    const mv = shellSafe(obj.file) && shellSafe(to)
      ? `rename it: mv ${forShell(obj.file)} ${forShell(to)} (or let kubegrade fix do it)`
      : `rename it to ${forTerminalLine(to)}: let kubegrade fix do it (the name holds a control character, shown escaped, so there is no mv command to paste)`;
    const f: TFinding = { messageId: 'wrong', data, node: { ...obj.at([]), line: 1, column: 1 }, hint: taken ? `rename it to ${forTerminalLine(to)} (a file of that name is there already: merge the two)` : mv };
    if (!taken) f.fix = certain(renameFileEdit(obj.file, to));
    return [f];
  },
};
export default template;
