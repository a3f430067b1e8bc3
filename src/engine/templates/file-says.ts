/** Every role object's file name (lower-cased) says what it holds: for each role, every group of `words` has one word in the file name. */
import { baseName } from '../envs.js';
import type { TFinding, Template } from '../types.js';

const template: Template = {
  key: 'file-says',
  kinds: [],
  needsObject: false,
  description: 'Every role object (every graded environment) is in a file whose name, lower-cased, contains a word of each group that `words` lists for its role (`flask-deployment: [[deploy], [flask, api]]`).',
  schema: {
    type: 'object',
    required: ['words'],
    additionalProperties: false,
    properties: { words: { type: 'object', additionalProperties: { type: 'array', items: { type: 'array', items: { type: 'string' }, minItems: 1 } } } },
  },
  messages: {
    ok: 'every file name says what it holds',
    unclear: '{{file}} holds the {{role}} but its name does not say {{want}}',
  },
  check(ctx) {
    const words = ctx.with.words as Record<string, string[][]>;
    const out: TFinding[] = [];
    for (const env of ctx.world.graded) {
      for (const [role, obj] of ctx.world.roles.get(env) ?? []) {
        const name = baseName(obj.file).toLowerCase();
        const missing = (words[role] ?? []).find((g) => !g.some((w) => name.includes(w.toLowerCase())));
        if (missing) out.push({ messageId: 'unclear', data: { file: obj.file, role, want: missing.join(' or ') }, node: { file: obj.file, line: 1, column: 1 } });
      }
    }
    return out;
  },
};
export default template;
