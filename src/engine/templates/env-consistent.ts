/** The environment has a role object, and none of its role objects names another environment (file name, metadata.name, `env` label of it or its pod template). */
import { envWordsOf } from '../world.js';
import type { TFinding, Template } from '../types.js';

const template: Template = {
  key: 'env-consistent',
  kinds: [],
  needsObject: false,
  description: 'The environment has at least one role object, and no role object of it names another environment: not in its file name, not in `metadata.name` (split into words), not as the `env` label of the object or its pod template.',
  schema: { type: 'object', additionalProperties: false, properties: {} },
  messages: {
    ok: 'every object of {{env}} says {{env}} or nothing',
    empty: 'the environment {{env}} has no objects',
    names: '{{kind}} {{name}} ({{file}}) is in {{env}} but its {{where}} says {{other}}',
  },
  check(ctx) {
    const roles = ctx.world.roles.get(ctx.env);
    if (!roles || roles.size === 0) return [{ messageId: 'empty', data: { env: ctx.env } }];
    const out: TFinding[] = [];
    for (const obj of roles.values()) {
      for (const { where, env, path } of envWordsOf(obj, ctx.world)) {
        if (env === ctx.env) continue;
        out.push({ messageId: 'names', data: { kind: obj.kind, name: obj.name ?? '(no name)', file: obj.file, env: ctx.env, where, other: env }, node: path ? { obj, path } : { file: obj.file, line: 1, column: 1 } });
      }
    }
    return out;
  },
};
export default template;
