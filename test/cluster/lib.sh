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
CONF=$STATE/conf
KUBECONFIG_PATH=$STATE/kubeconfig
RUN_DIR=/run/kubegrade-cluster
CONTAINERD_SOCK=$RUN_DIR/containerd/containerd.sock

K8S_BIN=$CACHE/kubernetes-$K8S_VERSION/bin
COREDNS_BIN=$CACHE/coredns-$COREDNS_VERSION/bin
KNP_BIN=$CACHE/kube-network-policies-$KNP_VERSION/bin

export GOMODCACHE=$CACHE/go/mod
export GOCACHE=$CACHE/go/build
export GOFLAGS=-buildvcs=false
export GOTOOLCHAIN=local
export PATH=$K8S_BIN:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH

# Addresses. Nothing here overlaps the host's own routes (checked by up.sh).
# The node's address is the CNI bridge's gateway address, which up.sh creates:
# the API server, the kubelet and the pods only ever talk to addresses the
# cluster made (or loopback).
NODE_NAME=kubegrade-node
POD_CIDR=10.244.0.0/16
NODE_POD_CIDR=10.244.0.0/24
NODE_IP=10.244.0.1
SERVICE_CIDR=10.96.0.0/16
KUBERNETES_SVC_IP=10.96.0.1
DNS_SVC_IP=10.96.0.10
CLUSTER_DOMAIN=cluster.local
CNI_BRIDGE=kgbr0
REGISTRY_ADDR=127.0.0.1:5000
APISERVER_PORT=6443
# The netfilter queue the NetworkPolicy enforcer answers (up.sh's KUBEGRADE-NETPOL chain sends to it).
NETPOL_QUEUE=100

# Processes up.sh starts, in start order (down.sh stops them in reverse).
COMPONENTS=(registry etcd containerd kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kube-network-policies rdb-provisioner)

# Debian packages the cluster runs on (command to check -> package).
declare -A DEB_CMDS=(
  [containerd]=containerd [runc]=runc [ctr]=containerd
  [/usr/lib/cni/bridge]=containernetworking-plugins
  [iptables]=iptables [conntrack]=conntrack [skopeo]=skopeo [umoci]=umoci
  [debootstrap]=debootstrap [docker-registry]=docker-registry [etcd]=etcd-server
  [openssl]=openssl [curl]=curl [ip]=iproute2 [nsenter]=util-linux [unshare]=util-linux [socat]=socat
  [pgrep]=procps [python3]=python3
)

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; exit 1; }

have_cmd() { if [[ $1 == /* ]]; then [[ -x $1 ]]; else command -v "$1" >/dev/null 2>&1; fi; }

# missing_packages: prints the Debian packages whose commands are missing
missing_packages() {
  local c; for c in "${!DEB_CMDS[@]}"; do have_cmd "$c" || echo "${DEB_CMDS[$c]}"; done | sort -u
}

# pid_of NAME: the recorded PID of a component if that process still runs
# the same program (guards against a recycled PID).
pid_of() {
  local f=$PIDS/$1.pid pid exe
  [[ -f $f ]] || return 1
  read -r pid exe < "$f" || true
  [[ -n $pid && -d /proc/$pid ]] || return 1
  if [[ -n $exe ]]; then
    [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == "$exe"* ]] || return 1
  fi
  echo "$pid"
}

kc() { kubectl --kubeconfig "$KUBECONFIG_PATH" "$@"; }

# netpol_listening: the NetworkPolicy enforcer is the listener of its netfilter
# queue (/proc/net/netfilter/nfnetlink_queue: queue number, listener's port id = its PID)
netpol_listening() {
  local pid; pid=$(pid_of kube-network-policies) || return 1
  awk -v q="$NETPOL_QUEUE" -v p="$pid" '$1 == q && $2 == p {found = 1} END {exit !found}' /proc/net/netfilter/nfnetlink_queue
}

# cluster_lock: one cluster:up / cluster:down at a time (engineers and CI
# share the machine). The lock is fd 9; up.sh closes it for the processes it
# starts. Nested calls (up.sh running down.sh) inherit it.
cluster_lock() {
  [[ -n ${KUBEGRADE_CLUSTER_LOCKED:-} ]] && return 0
  mkdir -p /run
  exec 9> /run/kubegrade-cluster.lock
  if ! flock -n 9; then
    log "another cluster:up or cluster:down is running; waiting for it (at most ${1:-900}s)"
    flock -w "${1:-900}" 9 || die "gave up waiting for the lock /run/kubegrade-cluster.lock"
  fi
  export KUBEGRADE_CLUSTER_LOCKED=1
}
