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
export function parseImage(image: string): ImageRef {
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
