# Shared settings and helpers for the kubegrade test cluster scripts.
# shellcheck shell=bash
CLUSTER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
. "$CLUSTER_DIR/versions.env"

CACHE=${KUBEGRADE_CACHE:-/var/cache/kubegrade}
STATE=/var/lib/kubegrade-cluster
LOGS=$STATE/logs
PIDS=$STATE/pids
PKI=$STATE/pki
KUBECONFIG_PATH=$STATE/kubeconfig
RUN_DIR=/run/kubegrade-cluster

K8S_BIN=$CACHE/kubernetes-$K8S_VERSION/bin
COREDNS_BIN=$CACHE/coredns-$COREDNS_VERSION/bin

export GOMODCACHE=$CACHE/go/mod
export GOCACHE=$CACHE/go/build
export GOFLAGS=-buildvcs=false
export GOTOOLCHAIN=local
export PATH=$K8S_BIN:$COREDNS_BIN:/usr/local/go/bin:/usr/local/sbin:/usr/sbin:/sbin:$PATH

# Addresses. Nothing here overlaps the host's own routes (checked by up.sh).
NODE_NAME=kubegrade-node
POD_CIDR=10.244.0.0/16
NODE_POD_CIDR=10.244.0.0/24
SERVICE_CIDR=10.96.0.0/16
KUBERNETES_SVC_IP=10.96.0.1
DNS_SVC_IP=10.96.0.10
CLUSTER_DOMAIN=cluster.local
CNI_BRIDGE=kgbr0
REGISTRY_ADDR=127.0.0.1:5000
APISERVER_PORT=6443

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; exit 1; }
