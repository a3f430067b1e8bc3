/** Every YAML file parses (the parse stage's findings). */
import type { TFinding, Template } from '../types.js';

const template: Template = {
  key: 'yaml-parse',
  kinds: [],
  needsObject: false,
  stage: true,
  description: 'Every YAML file of the submission parses (a file that does not contributes the documents before the error).',
  schema: { type: 'object', additionalProperties: false, properties: {} },
  messages: { ok: '{{files}} YAML file{{s}} parsed', finding: '{{where}}{{message}}' },
  ok(ctx) {
    const n = ctx.world.fileNames.length;
    return { messageId: 'ok', data: { files: n, s: n === 1 ? '' : 's' } };
  },
  check(ctx) {
    return ctx.world.parseFindings.map((f): TFinding => ({ messageId: 'finding', data: { where: f.location ? `${f.location.file}: ` : '', message: f.message }, node: f.location, finding: f }));
  },
};
export default template;
