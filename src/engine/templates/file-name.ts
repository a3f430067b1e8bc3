/** The role's object is in a file named exactly `name` (any folder; case-sensitive), or `stem` with one of `extensions`. */
import { renameFileEdit, certain } from '../../fix/edits.js';
import { baseName } from '../envs.js';
import type { Template } from '../types.js';

const template: Template = {
  key: 'file-name',
  kinds: [],
  namesFile: true,
  description: 'The role\'s object is in a file named exactly `name` (`{env}` is the environment), or `stem` followed by one of `extensions`, in any folder; case-sensitive.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: { name: { type: 'string' }, stem: { type: 'string' }, extensions: { type: 'array', items: { type: 'string' } } },
  },
  messages: {
    ok: 'the file name is as the rubric wants',
    wrong: 'the {{role}} is in {{file}}, not in a file named {{want}}',
  },
  check(ctx) {
    const obj = ctx.obj!;
    const exts = (ctx.with.extensions as string[] | undefined) ?? ['.yml'];
    const wants = typeof ctx.with.name === 'string' ? [ctx.with.name.replaceAll('{env}', ctx.env)] : exts.map((e) => `${String(ctx.with.stem)}${e}`);
    const base = baseName(obj.file);
    if (wants.includes(base)) return [];
    const dir = obj.file.slice(0, obj.file.length - base.length);
    return [{ messageId: 'wrong', data: { role: ctx.role, file: obj.file, want: wants.join(' or ') }, node: { file: obj.file, line: 1, column: 1 }, fix: certain(renameFileEdit(obj.file, `${dir}${wants[0]}`)) }];
  },
};
export default template;
