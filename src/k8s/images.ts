import { memoText } from '../util/text.js';
/** Image references, normalised as Docker reads them. */
export interface ImageRef {
  /** `docker.io/library/redis` */
  repository: string;
  /** `5.0.0`, or `latest` when neither tag nor digest is given */
  tag: string | undefined;
  digest: string | undefined;
  /** Last path segment of the repository: `redis`. */
  name: string;
}

/** Docker's normalisation: `redis:5.0.0` and `docker.io/library/redis:5.0.0` are the same image. */
// A class names a handful of images, each read by several roles and checks: parsed once (a frozen result, shared).
export const parseImage: (image: string) => ImageRef = memoText((image) => Object.freeze(parseImageText(image)));

function parseImageText(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  const first = parts[0] ?? '';
  const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let repository: string;
  if (!hasRegistry) repository = parts.length === 1 ? `docker.io/library/${rest}` : `docker.io/${rest}`;
  else if ((first === 'docker.io' || first === 'index.docker.io') && parts.length === 2) repository = `docker.io/library/${parts[1]}`;
  else if (first === 'index.docker.io') repository = `docker.io/${parts.slice(1).join('/')}`;
  else repository = rest;
  repository = repository.toLowerCase();
  if (!tag && !digest) tag = 'latest';
  return { repository, tag, digest, name: repository.slice(repository.lastIndexOf('/') + 1) };
}

export function sameImage(a: string, b: string): boolean {
  const x = parseImage(a);
  const y = parseImage(b);
  return x.repository === y.repository && x.tag === y.tag && x.digest === y.digest;
}

/** Runs the official Redis image: the last path segment of the repository is `redis`. */
export function isRedisImage(image: unknown): boolean {
  return typeof image === 'string' && image.trim() !== '' && parseImage(image).name === 'redis';
}

/**
 * The grammar of an image reference, as the kubelet parses it (github.com/distribution/reference,
 * `ParseNormalizedNamed`): `[domain/]path[:tag][@digest]`, path components lowercase. A pod whose
 * image does not parse never starts: InvalidImageName.
 */
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::${TAG})?(?:@${DIGEST})?$`);
/** distribution/reference's NameTotalLengthMax. */
const MAX_IMAGE_NAME = 255;

/** Why the kubelet refuses `image` (InvalidImageName), in words; undefined when it parses. */
export function imageReferenceError(image: string): string | undefined {
  const m = REFERENCE.exec(image);
  if (m) return m[1]!.length > MAX_IMAGE_NAME ? `its repository name is longer than ${MAX_IMAGE_NAME} characters` : undefined;
  // The first component is a registry when it has a dot or a colon, is localhost, or has an uppercase letter.
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  const isDomain = slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
  const remainder = isDomain ? image.slice(slash + 1) : image;
  const repository = remainder.replace(/[:@].*$/, '');
  if (repository.toLowerCase() !== repository) return 'a repository name must be lowercase';
  return 'it is not of the form [registry/]name[:tag][@digest]';
}
