#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager, kube-scheduler, kubelet,
# kube-proxy and kubectl of $K8S_VERSION from the Go module proxy, in one
# `go build` so the packages they share compile once. Output is cached in
# $CACHE/kubernetes-$K8S_VERSION/bin; a second call is a no-op.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

CMDS=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)
all_there() { for c in "${CMDS[@]}"; do [[ -x $K8S_BIN/$c ]] || return 1; done; }
if all_there && [[ ${1:-} != --force ]]; then
  log "kubernetes $K8S_VERSION: cached in $K8S_BIN"; exit 0
fi
command -v go >/dev/null || die "go not found (expected /usr/local/go/bin/go)"

ver=${K8S_VERSION#v}; major=${ver%%.*}; minor=${ver#*.}; minor=${minor%%.*}
ld=""
for p in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
  ld+=" -X '$p.gitVersion=$K8S_VERSION' -X '$p.gitMajor=$major' -X '$p.gitMinor=$minor'"
  ld+=" -X '$p.gitTreeState=clean' -X '$p.buildDate=1970-01-01T00:00:00Z'"
done
tmp=$K8S_BIN.tmp
rm -rf "$tmp"; mkdir -p "$tmp"
pkgs=(); for c in "${CMDS[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done
log "building kubernetes $K8S_VERSION (${CMDS[*]}) into $K8S_BIN (GOCACHE=$GOCACHE)"
start=$(date +%s)
cd "$CLUSTER_DIR/k8s"
CGO_ENABLED=0 go build -trimpath -tags=providerless -ldflags "-s -w$ld" -o "$tmp/" "${pkgs[@]}"
rm -rf "$K8S_BIN"; mv "$tmp" "$K8S_BIN"
log "kubernetes built in $(( $(date +%s) - start ))s"
"$K8S_BIN/kubectl" version --client
