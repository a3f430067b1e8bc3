#!/usr/bin/env bash
# Builds the NetworkPolicy enforcer, sigs.k8s.io/kube-network-policies
# $KNP_VERSION (SIG Network's reference implementation), from the Go module
# proxy into $CACHE/kube-network-policies-$KNP_VERSION/bin.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
if [[ -x $KNP_BIN/kube-network-policies && ${1:-} != --force ]]; then log "kube-network-policies $KNP_VERSION: cached in $KNP_BIN"; exit 0; fi
command -v go >/dev/null || die "go not found (expected /usr/local/go/bin/go)"
log "building kube-network-policies $KNP_VERSION into $KNP_BIN"
start=$(date +%s)
rm -rf "$KNP_BIN.tmp"; mkdir -p "$KNP_BIN.tmp"
# its main package is ./cmd: `go install` names the binary "cmd"
GOBIN=$KNP_BIN.tmp CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kube-network-policies/cmd@$KNP_VERSION"
mv "$KNP_BIN.tmp/cmd" "$KNP_BIN.tmp/kube-network-policies"
rm -rf "$KNP_BIN"; mv "$KNP_BIN.tmp" "$KNP_BIN"
log "kube-network-policies built in $(( $(date +%s) - start ))s"
