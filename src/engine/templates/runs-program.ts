/** A container's command/args run `program` (a word ending in `program` or `program.py` after `/` or `.`, or at its start), or the image is one `unlessImageOf`'s role does not run (a dedicated image brings its own command). */
import { BARE_IMAGE, NAMESPACED_IMAGE, containers, parseImage, runsProgram } from '../../k8s/index.js';
import type { Template } from '../types.js';

const template: Template = {
  key: 'runs-program',
  kinds: [],
  description: 'Some container runs `program` in its `command`/`args` (`worker.py`, `src/worker.py`, `src.worker`; not `$WORKER_IP`), or, with `unlessImageOf`, its image repository is not one that role\'s object runs.',
  schema: {
    type: 'object',
    required: ['program'],
    additionalProperties: false,
    properties: { program: { type: 'string', minLength: 1 }, unlessImageOf: { type: 'string' } },
  },
  messages: {
    ok: 'the container runs {{program}}',
    notRun: 'no container runs {{program}}: with no command, {{image}} runs its default program{{shared}}',
  },
  check(ctx) {
    const obj = ctx.obj!;
    const program = String(ctx.with.program);
    const cs = containers(obj);
    if (cs.some((c) => runsProgram(c.value, program))) return [];
    const other = typeof ctx.with.unlessImageOf === 'string' ? ctx.roleObj(ctx.with.unlessImageOf) : undefined;
    // A placeholder (`<image>`) is no image, so no image of its own.
    const repo = (img: unknown) => (typeof img === 'string' && (NAMESPACED_IMAGE.test(img.trim()) || BARE_IMAGE.test(img.trim())) ? parseImage(img).repository : undefined);
    const theirs = new Set(other ? containers(other).map((c) => repo(c.value.image)) : []);
    if (typeof ctx.with.unlessImageOf === 'string' && cs.some((c) => repo(c.value.image) !== undefined && !theirs.has(repo(c.value.image)))) return [];
    const c = cs[0];
    return [{
      messageId: 'notRun',
      data: { program, image: typeof c?.value.image === 'string' ? c.value.image : 'the image', shared: theirs.size ? ' (the same image as the API)' : '' },
      node: { obj, path: c ? [...c.path, c.value.command ? 'command' : c.value.args ? 'args' : 'image'] : ['spec'] },
    }];
  },
};
export default template;
