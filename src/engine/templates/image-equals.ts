/** A container runs the image `image`, after Docker's normalisation (redis:5.0.0 = docker.io/library/redis:5.0.0). */
import { certain, setEdit } from '../../fix/edits.js';
import { containers, imageReferenceError, parseImage, podTemplate, sameImage } from '../../k8s/index.js';
import { clip, goTrimSpace, lookAlikes } from '../../util/text.js';
import { SPEC_BESIDE_TEMPLATE, specBesideTemplate } from '../pods.js';
import type { Template } from '../types.js';

const template: Template = {
  key: 'image-equals',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod', 'Job'],
  description: 'A container runs `image` (the same image after Docker\'s normalisation: redis:5.0.0 is docker.io/library/redis:5.0.0), written so that the kubelet can read it.',
  schema: { type: 'object', required: ['image'], additionalProperties: false, properties: { image: { type: 'string', minLength: 1 } } },
  messages: {
    ok: 'the container runs {{got}}',
    unreadable: 'the container\'s image {{got}} is not an image name the kubelet can read ({{why}}): its pods would fail with InvalidImageName',
    spaces: 'the container\'s image {{got}}{{why}}',
    noContainers: 'the pod template has no containers',
    specBesideTemplate: SPEC_BESIDE_TEMPLATE,
    noImage: 'the container has no image',
    wrong: 'the container runs {{got}}; the rubric wants {{image}}',
  },
  ok(ctx) {
    const want = String(ctx.with.image);
    const hit = containers(ctx.obj!).find((c) => typeof c.value.image === 'string' && sameImage(c.value.image, want));
    return { messageId: 'ok', data: { got: String(hit?.value.image) } };
  },
  check(ctx) {
    const obj = ctx.obj!;
    const want = String(ctx.with.image);
    const cs = containers(obj);
    const hint = `set image: ${want}`;
    const hit = cs.find((c) => typeof c.value.image === 'string' && sameImage(c.value.image, want));
    if (hit) {
      const img = hit.value.image as string;
      const node = { obj, path: [...hit.path, 'image'] };
      const fix = certain(setEdit(obj, [...hit.path, 'image'], want));
      if (img === img.trim() && goTrimSpace(img) === img) {
        const bad = imageReferenceError(img);
        // `REDIS:5.0.0` names the same image to a person, not to the kubelet.
        return bad ? [{ messageId: 'unreadable', data: { got: JSON.stringify(img), why: bad }, node, hint, fix }] : [];
      }
      // The API server takes the Deployment, then refuses each pod its ReplicaSet makes (a Pod's image
      // "must not have leading or trailing whitespace"); an invisible character is no image name at all.
      const why = goTrimSpace(img) !== img
        ? `: Kubernetes takes the ${obj.kind ?? 'object'} but refuses every pod made from it (an image "must not have leading or trailing whitespace")`
        : ' is not an image name: its pods would fail with InvalidImageName';
      return [{ messageId: 'spaces', data: { got: `${JSON.stringify(img)}${lookAlikes(img)}`, why }, node, hint, fix }];
    }
    // The container running the image's repository (another tag), else the first.
    const name = parseImage(want).name;
    const c = cs.find((x) => typeof x.value.image === 'string' && x.value.image.trim() !== '' && parseImage(x.value.image).name === name) ?? cs[0];
    if (!c) return [specBesideTemplate(obj) ?? { messageId: 'noContainers', node: { obj, path: [...(podTemplate(obj)?.path ?? []), 'spec', 'containers'] }, hint: `add a container with image: ${want}` }];
    const img = c.value.image;
    const node = { obj, path: [...c.path, 'image'] };
    const fix = certain(setEdit(obj, [...c.path, 'image'], want));
    if (typeof img !== 'string' || img === '') return [{ messageId: 'noImage', node, hint, fix }];
    const got = parseImage(img);
    const untagged = got.tag === 'latest' && !got.digest && !img.trim().endsWith(':latest');
    const extra = untagged ? ` (no tag means ${img.trim()}:latest)` : '';
    return [{ messageId: 'wrong', data: { got: `${clip(img)}${lookAlikes(img)}${extra}`, image: want }, node, hint, fix, actual: { param: 'image', value: img.trim() } }];
  },
};
export default template;
