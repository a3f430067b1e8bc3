/** A PVC's `spec.resources.requests.storage` is the quantity `want` (1Gi, 1024Mi and 1073741824 alike). */
import { certain, setEdit } from '../../fix/edits.js';
import { get, parseQuantity } from '../../k8s/index.js';
import { scalar, show } from '../../util/text.js';
import type { Template } from '../types.js';

const PATH = ['spec', 'resources', 'requests', 'storage'];

const template: Template = {
  key: 'storage-request',
  kinds: ['PersistentVolumeClaim'],
  description: 'A PVC\'s `spec.resources.requests.storage` equals `want` as a Kubernetes quantity (1Gi = 1024Mi); a value that is no quantity fails with how to write one.',
  schema: { type: 'object', required: ['want'], additionalProperties: false, properties: { want: { type: 'string', minLength: 1 } } },
  messages: {
    ok: 'storage request {{got}} equals {{want}}',
    missing: 'spec.resources.requests.storage is missing',
    notQuantity: 'storage {{got}} is not a Kubernetes quantity (the API rejects it)',
    wrong: 'storage request is {{got}}; the rubric wants {{want}}{{why}}',
  },
  ok(ctx) {
    return { messageId: 'ok', data: { got: String(get(ctx.obj!.value, PATH)), want: ctx.with.want } };
  },
  check(ctx) {
    const obj = ctx.obj!;
    const want = String(ctx.with.want);
    const wantBytes = parseQuantity(want);
    const got = get(obj.value, PATH);
    const node = { obj, path: PATH };
    const fix = certain(setEdit(obj, PATH, want));
    if (got === undefined || got === null) return [{ messageId: 'missing', node, hint: `add resources: {requests: {storage: ${want}}} under spec`, fix, actual: { param: 'want', value: null } }];
    const bytes = parseQuantity(got);
    if (bytes !== undefined && bytes === wantBytes) return [];
    const actual = { param: 'want', value: scalar(got) };
    if (bytes === undefined) return [{ messageId: 'notQuantity', data: { got: show(got) }, node, hint: `write ${want}: Kubernetes writes binary units as Ki, Mi, Gi (no B)`, fix, actual }];
    // A decimal unit (1G) is not the binary one (1Gi): say both in bytes.
    const why = typeof got === 'string' && /[kMGTPE]$/.test(got) ? ` (${got} is ${bytes} bytes; ${want} is ${wantBytes} bytes)` : '';
    return [{ messageId: 'wrong', data: { got: String(got), want, why }, node, hint: `set storage: ${want}`, fix, actual }];
  },
};
export default template;
