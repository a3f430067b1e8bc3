#!/usr/bin/env bash
# Builds tools/kubectl-reader (kubectl's own file reader, the oracle of test/kubectl-reader.test.ts)
# with `go build`, modules from the Go module proxy as go.mod/go.sum pin them, into a cache outside
# the repository keyed by the Kubernetes release and the source's hash:
#   /var/cache/kubegrade/kubectl-reader-<release>-<hash>/kubectl-reader
# Idempotent: a binary built from the same source is reused. Prints the binary's path (what .ci/run
# exports as KUBEGRADE_KUBECTL_READER). Go: GO, else go on PATH, else /usr/local/go/bin/go.
set -euo pipefail
SRC="$(cd "$(dirname "$0")/../tools/kubectl-reader" && pwd)"
RELEASE=$(sed -n 's/^const version = "\(.*\)"$/\1/p' "$SRC/version.go")
HASH=$(cat "$SRC/go.mod" "$SRC/go.sum" "$SRC"/*.go | sha256sum | cut -c1-12)
ROOT=${KUBEGRADE_CACHE:-/var/cache/kubegrade}
DIR="$ROOT/kubectl-reader-$RELEASE-$HASH"
BIN="$DIR/kubectl-reader"
if [ ! -x "$BIN" ]; then
  GO=${GO:-$(command -v go || echo /usr/local/go/bin/go)}
  [ -x "$GO" ] || { echo "build-kubectl-reader: Go is needed (looked for go on PATH and /usr/local/go/bin/go)" >&2; exit 1; }
  mkdir -p "$DIR"
  # go.sum is checked (-mod=readonly): the modules are exactly the ones pinned.
  (cd "$SRC" && GOFLAGS=-mod=readonly GOTOOLCHAIN=local \
    GOMODCACHE=${GOMODCACHE:-$ROOT/go/mod} GOCACHE=${GOCACHE:-$ROOT/go/build} \
    "$GO" build -trimpath -o "$BIN.tmp" . >&2)
  mv "$BIN.tmp" "$BIN"
fi
echo "$BIN"
