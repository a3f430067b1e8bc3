/** Every YAML file parses (the parse stage's findings). */
import type { TFinding, Template } from '../types.js';

const template: Template = {
  key: 'yaml-parse',
  kinds: [],
  needsObject: false,
  description: 'Every YAML file of the submission parses (a file that does not contributes the documents before the error).',
  schema: { type: 'object', additionalProperties: false, properties: {} },
  messages: { ok: '{{files}} YAML files parsed', finding: '{{file}}: {{message}}' },
  check(ctx) {
    return ctx.world.parseFindings.map((f): TFinding => ({ messageId: 'finding', data: { file: f.location?.file ?? '', message: f.message }, node: f.location, fix: f.fix, hint: f.hint }));
  },
};
export default template;
