#!/usr/bin/env bash
# Builds CoreDNS $COREDNS_VERSION (module ./coredns) into $CACHE/coredns-$COREDNS_VERSION/bin.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
if [[ -x $COREDNS_BIN/coredns && ${1:-} != --force ]]; then log "coredns $COREDNS_VERSION: cached in $COREDNS_BIN"; exit 0; fi
command -v go >/dev/null || die "go not found (expected /usr/local/go/bin/go)"
log "building coredns $COREDNS_VERSION into $COREDNS_BIN"
start=$(date +%s)
rm -rf "$COREDNS_BIN.tmp"; mkdir -p "$COREDNS_BIN.tmp"
cd "$CLUSTER_DIR/coredns"
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$COREDNS_BIN.tmp/coredns" .
rm -rf "$COREDNS_BIN"; mv "$COREDNS_BIN.tmp" "$COREDNS_BIN"
log "coredns built in $(( $(date +%s) - start ))s: $("$COREDNS_BIN/coredns" -version | head -1)"
