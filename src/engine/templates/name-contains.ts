/** The role's `metadata.name` contains each of `words` (the username and the environment), so objects of students and environments never collide. */
import { certain, renameObject } from '../../fix/edits.js';
import { get } from '../../k8s/index.js';
import { isValidName } from '../../schema/rules.js';
import type { Template } from '../types.js';

const template: Template = {
  key: 'name-contains',
  kinds: [],
  description: 'The role\'s `metadata.name` contains each of `words` (`{username: …, env: …}`: what each is, and its text), case-sensitive; the fix renames it to `suggestion`, with every reference to the old name.',
  schema: {
    type: 'object',
    required: ['words', 'suggestion'],
    additionalProperties: false,
    properties: { words: { type: 'object', additionalProperties: { type: 'string' } }, suggestion: { type: 'string', minLength: 1 } },
  },
  messages: {
    ok: 'metadata.name "{{name}}" contains {{words}}',
    missing: 'metadata.name is missing',
    lacks: 'metadata.name "{{name}}" does not contain {{lacks}}',
  },
  ok(ctx) {
    const words = Object.values(ctx.with.words as Record<string, string>).map((w) => `"${w}"`).join(' and ');
    return { messageId: 'ok', data: { name: String(get(ctx.obj!.value, ['metadata', 'name'])), words } };
  },
  check(ctx) {
    const obj = ctx.obj!;
    const words = ctx.with.words as Record<string, string>;
    const suggestion = String(ctx.with.suggestion);
    const name = get(obj.value, ['metadata', 'name']);
    const node = { obj, path: ['metadata', 'name'] };
    // A rename carries the edits of what refers to the old name (a claimName, an env value naming the Service).
    const fix = certain(...renameObject(obj, suggestion, ctx.world.objects));
    // A username with "_" or capitals cannot be part of a Kubernetes name: no name passes both.
    const bad = isValidName(obj.kind, suggestion) ? undefined : `no valid ${obj.kind ?? 'object'} name contains "${words.username ?? Object.values(words)[0]}" (names are lowercase letters, digits and "-"): ask your instructor which name to use`;
    if (typeof name !== 'string' || name === '') return [{ messageId: 'missing', node, hint: bad ?? `name it ${suggestion}`, ...(bad ? {} : { fix }) }];
    const lacks = Object.entries(words).filter(([, w]) => !name.includes(w)).map(([what, w]) => `the ${what} "${w}"`);
    if (lacks.length === 0) return [];
    const data = { name, lacks: lacks.join(' or ') };
    if (bad) return [{ messageId: 'lacks', data, node, hint: bad }];
    const refs = fix.edits.length - 1;
    return [{ messageId: 'lacks', data, node, hint: `name it ${suggestion}${refs > 0 ? ` (and where it is referred to: ${refs} place${refs === 1 ? '' : 's'}, kubegrade fix does both)` : ''}`, fix }];
  },
};
export default template;
