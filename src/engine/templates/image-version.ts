/** A container runs an official image (`redis`, `library/redis`, `docker.io/library/redis` alike) with tag `version`, `version.*` or `version-*`. */
import { certain, setEdit } from '../../fix/edits.js';
import { containers, parseImage } from '../../k8s/index.js';
import { show } from '../../util/text.js';
import type { Template } from '../types.js';

const template: Template = {
  key: 'image-version',
  kinds: [],
  description: 'A container runs the official image `name` with a tag equal to `version` or starting with `version.` or `version-` (`7` accepts `7`, `7.2`, `7-alpine`).',
  schema: {
    type: 'object',
    required: ['name', 'version'],
    additionalProperties: false,
    properties: { name: { type: 'string', minLength: 1 }, version: { type: ['string', 'number'] } },
  },
  messages: {
    ok: 'a container runs {{name}}:{{version}}',
    noContainer: 'the pod template has no containers',
    wrong: 'the container runs {{image}}; the rubric wants {{name}}:{{version}} (or {{version}}.x, {{version}}-variant)',
  },
  check(ctx) {
    const obj = ctx.obj!;
    const name = String(ctx.with.name);
    const v = String(ctx.with.version);
    const cs = containers(obj);
    const ok = (img: unknown) => {
      if (typeof img !== 'string' || img.trim() === '') return false;
      const r = parseImage(img);
      if (r.repository !== `docker.io/library/${name}`) return false;
      const tag = img.trim().includes(':') && r.tag ? r.tag : undefined;
      return tag !== undefined && (tag === v || tag.startsWith(`${v}.`) || tag.startsWith(`${v}-`));
    };
    if (cs.some((c) => ok(c.value.image))) return [];
    const c = cs.find((x) => typeof x.value.image === 'string' && parseImage(x.value.image).name === name) ?? cs[0];
    if (!c) return [{ messageId: 'noContainer', node: { obj, path: ['spec', 'template', 'spec'] } }];
    return [{ messageId: 'wrong', data: { image: show(c.value.image), name, version: v }, node: { obj, path: [...c.path, 'image'] }, fix: certain(setEdit(obj, [...c.path, 'image'], `${name}:${v}`)) }];
  },
};
export default template;
