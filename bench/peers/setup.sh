#!/usr/bin/env bash
# The peer of `npm run bench:peers`, built and cached outside the repository
# (idempotent; a second run only checks):
#   - kubeconform v0.8.0 from the Go module proxy;
#   - its strict schemas, generated from the OpenAPI spec of the same Kubernetes
#     release the project validates against (k8s.io/kubernetes v1.30.14 holds
#     api/openapi-spec/swagger.json), by bench/peers/kubeconform-schemas.js.
# Prints two lines for bench/peers.js: `kubeconform=PATH` and `schemas=DIR`.
set -euo pipefail

KUBECONFORM_VERSION=v0.8.0
K8S_VERSION=v1.30.14
CACHE=${KUBEGRADE_CACHE:-/var/cache/kubegrade}
GO=${GO:-/usr/local/go/bin/go}
here=$(cd "$(dirname "$0")" && pwd)
bin_dir=$CACHE/kubeconform-$KUBECONFORM_VERSION
schemas=$CACHE/kubeconform-schemas-$K8S_VERSION-strict
# The module cache the local cluster build uses too (test/cluster/up.sh): the spec is often there already.
export GOMODCACHE=${GOMODCACHE:-$CACHE/go/mod} GOFLAGS=-buildvcs=false GOTOOLCHAIN=local

log() { echo "bench:peers: $*" >&2; }

if [ ! -x "$bin_dir/kubeconform" ]; then
  [ -x "$GO" ] || { log "Go is needed to build kubeconform ($GO not found)"; exit 1; }
  log "building kubeconform $KUBECONFORM_VERSION from the Go module proxy (a few minutes, once)"
  mkdir -p "$bin_dir.tmp"
  (cd /tmp && GOBIN=$bin_dir.tmp "$GO" install "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION")
  rm -rf "$bin_dir" && mv "$bin_dir.tmp" "$bin_dir"
fi

# The schemas are regenerated when the converter changes (its hash is stamped beside them).
stamp=$(sha256sum "$here/kubeconform-schemas.js" | cut -c1-16)
if [ "$(cat "$schemas/.stamp" 2>/dev/null)" != "$stamp" ]; then
  dir=$(cd /tmp && "$GO" mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  spec=$dir/api/openapi-spec/swagger.json
  [ -f "$spec" ] || { log "no OpenAPI spec at $spec"; exit 1; }
  node "$here/kubeconform-schemas.js" "$spec" "$schemas" >&2
  echo "$stamp" > "$schemas/.stamp"
fi

echo "kubeconform=$bin_dir/kubeconform"
echo "schemas=$schemas"
