/** Two graded environments: every role filled in both is at the same relative path once the environment words are dropped. */
import type { TFinding, Template } from '../types.js';

const key = (path: string, envs: readonly string[]) => path.split(/[^A-Za-z0-9]+/).filter((w) => w !== '' && !envs.includes(w.toLowerCase())).join('\0');

const template: Template = {
  key: 'corresponds',
  kinds: [],
  needsObject: false,
  description: 'Emitted when two environments are graded: for every role filled in both, the relative paths are equal once split into words on anything not a letter or digit and stripped of the environment words (any case; other words compare case-sensitively, the extension included).',
  schema: { type: 'object', additionalProperties: false, properties: {} },
  messages: {
    ok: 'the environments\' files correspond one to one',
    differ: 'the {{role}} is {{a}} in {{envA}} but {{b}} in {{envB}}: the files do not correspond',
  },
  applies(ctx) {
    return ctx.world.graded.length >= 2;
  },
  check(ctx) {
    const [a, b] = ctx.world.graded;
    const names = ctx.world.rubric.environments?.names ?? [];
    const out: TFinding[] = [];
    const ra = ctx.world.roles.get(a!) ?? new Map();
    const rb = ctx.world.roles.get(b!) ?? new Map();
    for (const [role, oa] of ra) {
      const ob = rb.get(role);
      if (ob && key(oa.file, names) !== key(ob.file, names)) out.push({ messageId: 'differ', data: { role, a: oa.file, b: ob.file, envA: a, envB: b }, node: { file: ob.file, line: 1, column: 1 } });
    }
    return out;
  },
};
export default template;
