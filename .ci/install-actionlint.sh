#!/usr/bin/env bash
# Installs actionlint (rhysd/actionlint, the linter GitHub workflows are checked with) from the Go
# module proxy into /var/cache/kubegrade/actionlint-<version>, once; prints the binary's path.
# Idempotent: a cached binary of the right version is reused. Called by .ci/run; the tests find it
# at the same path (test/action-workflows.test.ts).
set -euo pipefail
VERSION=${ACTIONLINT_VERSION:-v1.7.12}
DIR=${KUBEGRADE_ACTIONLINT_DIR:-/var/cache/kubegrade/actionlint-$VERSION}
BIN="$DIR/actionlint"
if [ ! -x "$BIN" ] || ! "$BIN" -version 2>/dev/null | head -1 | grep -qx "$VERSION"; then
  GO=${GO:-$(command -v go || echo /usr/local/go/bin/go)}
  [ -x "$GO" ] || { echo "install-actionlint: Go is needed (looked for go on PATH and /usr/local/go/bin/go)" >&2; exit 1; }
  mkdir -p "$DIR"
  GOBIN="$DIR" GOFLAGS=-mod=mod "$GO" install "github.com/rhysd/actionlint/cmd/actionlint@$VERSION" >&2
fi
echo "$BIN"
