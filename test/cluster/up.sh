#!/usr/bin/env bash
# npm run cluster:up — bring up the kubegrade single-node test cluster.
#
# Idempotent: on a running, healthy cluster it says so and exits 0; on a
# half-running one it tears it down (down.sh) and starts again. Builds what
# is not cached yet (Kubernetes, CoreDNS, images) under /var/cache/kubegrade,
# installs missing Debian packages with apt-get, starts every process itself
# (no systemd here), records their PIDs in /var/lib/kubegrade-cluster/pids and
# waits for real readiness. Overall limit: KUBEGRADE_UP_TIMEOUT seconds
# (default 3600) — it never waits forever.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

UP_TIMEOUT=${KUBEGRADE_UP_TIMEOUT:-3600}
T0=$(date +%s)

# ---------------------------------------------------------------- prerequisites
[[ $(id -u) == 0 ]] || die "cluster:up must run as root (it starts containerd, the kubelet, iptables rules); you are $(id -un)"
[[ $(uname -s) == Linux ]] || die "Linux only"

# whole-run time limit: re-run this script under timeout(1)
if [[ -z ${KUBEGRADE_UP_INNER:-} ]]; then
  rc=0
  KUBEGRADE_UP_INNER=1 timeout -k 15 "$UP_TIMEOUT" bash "$0" "$@" || rc=$?
  if ((rc == 124 || rc == 137)); then log "cluster:up exceeded ${UP_TIMEOUT}s and was stopped (component logs: $LOGS/*.log)"; fi
  exit $rc
fi

cluster_lock 1800
if bash "$CLUSTER_DIR/status.sh" --quiet; then
  log "cluster already up and healthy: nothing to do"
  echo "KUBECONFIG=$KUBECONFIG_PATH"
  exit 0
fi
running=()
for c in "${COMPONENTS[@]}"; do pid_of "$c" >/dev/null && running+=("$c"); done
if ((${#running[@]})) || [[ -d $STATE/pids && -n $(ls -A "$STATE/pids" 2>/dev/null) ]] || ip link show "$CNI_BRIDGE" >/dev/null 2>&1; then
  log "a previous cluster is partly there (${running[*]:-no process}); tearing it down first"
  bash "$CLUSTER_DIR/down.sh"
fi

missing=$(missing_packages | tr '\n' ' ')
if [[ -n ${missing// } ]]; then
  command -v apt-get >/dev/null || die "missing Debian packages: $missing (and no apt-get to install them)"
  log "installing missing Debian packages: $missing"
  mkdir -p "$CACHE"
  # Keep the packages' own services (etcd, docker-registry, containerd) from
  # starting at install: this cluster starts its own, on loopback.
  own_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; own_policy=1
  fi
  { DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing; } \
    > "$CACHE/apt-install.log" 2>&1 || { ((own_policy)) && rm -f /usr/sbin/policy-rc.d; tail -20 "$CACHE/apt-install.log" >&2; die "apt-get install failed (log: $CACHE/apt-install.log)"; }
  ((own_policy)) && rm -f /usr/sbin/policy-rc.d
  missing=$(missing_packages | tr '\n' ' ')
  [[ -z ${missing// } ]] || die "still missing after apt-get install: $missing"
fi

need_go=0
[[ -x $K8S_BIN/kubelet && -x $K8S_BIN/kubectl && -x $K8S_BIN/kube-apiserver && -x $K8S_BIN/kube-proxy \
   && -x $K8S_BIN/kube-scheduler && -x $K8S_BIN/kube-controller-manager && -x $COREDNS_BIN/coredns \
   && -x $KNP_BIN/kube-network-policies ]] || need_go=1
ls "$CACHE"/images/oci-*/.complete >/dev/null 2>&1 || need_go=1
if ((need_go)) && ! command -v go >/dev/null; then
  die "Go is needed to build Kubernetes/CoreDNS/kube-network-policies/pause (not cached in $CACHE) but 'go' is not on PATH (expected /usr/local/go/bin/go)"
fi

grep -qw overlay /proc/filesystems || die "the kernel has no overlay filesystem (containerd's overlayfs snapshotter needs it)"
[[ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]] || die "br_netfilter is not available (/proc/sys/net/bridge missing): Services would not work between pods on the bridge"
[[ -e /proc/net/netfilter/nfnetlink_queue ]] || die "the kernel has no nfnetlink_queue (CONFIG_NETFILTER_NETLINK_QUEUE): the NetworkPolicy enforcer needs it"
[[ -d /sys/fs/cgroup/memory && -d /sys/fs/cgroup/cpu ]] || die "expected cgroup v1 with memory and cpu controllers under /sys/fs/cgroup"

# our CIDRs must not overlap anything the host routes already (bridge excluded)
python3 - "$POD_CIDR" "$SERVICE_CIDR" "$CNI_BRIDGE" <<'PY' || die "pod or service CIDR overlaps a host route (see above); edit test/cluster/lib.sh"
import ipaddress, subprocess, sys
ours = [ipaddress.ip_network(c) for c in sys.argv[1:3]]
bad = False
for line in subprocess.run(["ip", "-4", "route", "show", "table", "all"], capture_output=True, text=True).stdout.splitlines():
    f = line.split()
    if not f or f[0] in ("default", "broadcast", "local", "unreachable", "prohibit", "blackhole") or "dev" in f and f[f.index("dev") + 1] == sys.argv[3]:
        continue
    try: net = ipaddress.ip_network(f[0], strict=False)
    except ValueError: continue
    for o in ours:
        if net.overlaps(o) and not net.is_loopback:
            print(f"overlap: {o} with host route '{line}'", file=sys.stderr); bad = True
sys.exit(1 if bad else 0)
PY

# ---------------------------------------------------------------- builds
mkdir -p "$CACHE" "$LOGS" "$PIDS" "$PKI" "$CONF" "$RUN_DIR"
# one generation of old logs is kept in logs/previous
if compgen -G "$LOGS/*.log" >/dev/null; then
  rm -rf "$LOGS/previous"; mkdir -p "$LOGS/previous"; mv "$LOGS"/*.log "$LOGS/previous/"
fi
log "step 1/6: binaries (cache: $CACHE)"
bash "$CLUSTER_DIR/build-k8s.sh" > "$LOGS/build-k8s.log" 2>&1 || { tail -30 "$LOGS/build-k8s.log" >&2; die "Kubernetes build failed (log: $LOGS/build-k8s.log)"; }
tail -1 "$LOGS/build-k8s.log" >&2
bash "$CLUSTER_DIR/build-coredns.sh" > "$LOGS/build-coredns.log" 2>&1 || { tail -30 "$LOGS/build-coredns.log" >&2; die "CoreDNS build failed (log: $LOGS/build-coredns.log)"; }
bash "$CLUSTER_DIR/build-kube-network-policies.sh" > "$LOGS/build-kube-network-policies.log" 2>&1 || { tail -30 "$LOGS/build-kube-network-policies.log" >&2; die "kube-network-policies build failed (log: $LOGS/build-kube-network-policies.log)"; }
OCI=$(bash "$CLUSTER_DIR/build-images.sh" 2> "$LOGS/build-images.log" | tail -1) || { tail -30 "$LOGS/build-images.log" >&2; die "image build failed (log: $LOGS/build-images.log)"; }
log "images: $OCI"

# ---------------------------------------------------------------- helpers
# start NAME BINARY ARGS...: start a supervised process in its own session,
# output to $LOGS/NAME.log, PID (and the binary, to recognise it) to $PIDS
start() {
  local name=$1 bin; bin=$(command -v "$2") || die "$2 not found"; shift 2
  : >> "$LOGS/$name.log"
  echo "--- $(date -u +%FT%TZ) start: $bin $*" >> "$LOGS/$name.log"
  setsid "$bin" "$@" >> "$LOGS/$name.log" 2>&1 < /dev/null 9>&- &
  local pid=$!
  echo "$pid $(readlink -f "$bin")" > "$PIDS/$name.pid"
  sleep 0.2
  kill -0 "$pid" 2>/dev/null || { tail -20 "$LOGS/$name.log" >&2; die "$name exited at once (log: $LOGS/$name.log)"; }
}

# wait_for WHAT SECONDS COMMAND...: poll COMMAND until it succeeds
wait_for() {
  local what=$1 limit=$2; shift 2
  local end=$(( $(date +%s) + limit ))
  until "$@" >/dev/null 2>&1; do
    if (( $(date +%s) >= end )); then
      log "timed out after ${limit}s waiting for $what"
      for c in "${COMPONENTS[@]}"; do
        if [[ -f $PIDS/$c.pid ]] && ! pid_of "$c" >/dev/null; then log "  $c is NOT running (log: $LOGS/$c.log)"; fi
      done
      log "component logs: $LOGS/*.log"
      return 1
    fi
    sleep 0.5
  done
}

alive_all() { local c; for c in "$@"; do pid_of "$c" >/dev/null || { log "$c died (log: $LOGS/$c.log)"; tail -15 "$LOGS/$c.log" >&2; return 1; }; done; }

# ---------------------------------------------------------------- host network
log "step 2/6: host network and certificates"
# Remember sysctls we change, down.sh puts them back.
if [[ ! -f $STATE/sysctl.orig ]]; then
  for k in net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables; do
    echo "$k=$(sysctl -n "$k")"
  done > "$STATE/sysctl.orig"
fi
sysctl -q -w net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1 net.bridge.bridge-nf-call-ip6tables=1
# The bridge the CNI plugin attaches pods to, made up front so that the node
# address exists before the API server and the kubelet start.
if ! ip link show "$CNI_BRIDGE" >/dev/null 2>&1; then
  ip link add "$CNI_BRIDGE" type bridge
fi
ip addr replace "$NODE_IP/24" dev "$CNI_BRIDGE"
ip link set "$CNI_BRIDGE" up
# Keep cluster traffic on the machine: Service IPs never go to the default
# route (kube-proxy DNATs them before routing), and pods may reach only the
# bridge, the node and loopback — never eth0's network or beyond.
ip route replace unreachable "$SERVICE_CIDR"
iptables -N KUBEGRADE-EGRESS 2>/dev/null || iptables -F KUBEGRADE-EGRESS
iptables -A KUBEGRADE-EGRESS -o "$CNI_BRIDGE" -j RETURN
iptables -A KUBEGRADE-EGRESS -j REJECT --reject-with icmp-net-prohibited
iptables -C FORWARD -i "$CNI_BRIDGE" -j KUBEGRADE-EGRESS 2>/dev/null || iptables -I FORWARD 1 -i "$CNI_BRIDGE" -j KUBEGRADE-EGRESS

# ---------------------------------------------------------------- PKI
bash "$CLUSTER_DIR/pki.sh" > "$LOGS/pki.log" 2>&1 || { tail -20 "$LOGS/pki.log" >&2; die "certificate generation failed (log: $LOGS/pki.log)"; }

# kubeconfigs
mkkubeconfig() { # file user cert key server
  local f=$1 user=$2 cert=$3 key=$4 server=${5:-https://127.0.0.1:$APISERVER_PORT}
  cat > "$f" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: kubegrade
  cluster:
    certificate-authority-data: $(base64 -w0 < "$PKI/ca.crt")
    server: $server
users:
- name: $user
  user:
    client-certificate-data: $(base64 -w0 < "$cert")
    client-key-data: $(base64 -w0 < "$key")
contexts:
- name: $user@kubegrade
  context: {cluster: kubegrade, user: $user, namespace: default}
current-context: $user@kubegrade
EOF
  chmod 600 "$f"
}
mkkubeconfig "$KUBECONFIG_PATH.tmp" kubernetes-admin "$PKI/admin.crt" "$PKI/admin.key"
mkkubeconfig "$CONF/controller-manager.kubeconfig" system:kube-controller-manager "$PKI/controller-manager.crt" "$PKI/controller-manager.key"
mkkubeconfig "$CONF/scheduler.kubeconfig" system:kube-scheduler "$PKI/scheduler.crt" "$PKI/scheduler.key"
mkkubeconfig "$CONF/kubelet.kubeconfig" "system:node:$NODE_NAME" "$PKI/kubelet-client.crt" "$PKI/kubelet-client.key"
mkkubeconfig "$CONF/kube-proxy.kubeconfig" system:kube-proxy "$PKI/kube-proxy.crt" "$PKI/kube-proxy.key"
mv "$KUBECONFIG_PATH.tmp" "$KUBECONFIG_PATH"

# ---------------------------------------------------------------- registry + images
log "step 3/6: registry, etcd, containerd"
mkdir -p "$CACHE/images/registry"
cat > "$CONF/registry.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $CACHE/images/registry
  delete:
    enabled: true
http:
  addr: $REGISTRY_ADDR
EOF
start registry docker-registry serve "$CONF/registry.yml"
wait_for "the registry on $REGISTRY_ADDR" 30 curl -fsS "http://$REGISTRY_ADDR/v2/"
bash "$CLUSTER_DIR/build-images.sh" push >> "$LOGS/build-images.log" 2>&1 || { tail -20 "$LOGS/build-images.log" >&2; die "pushing the images failed (log: $LOGS/build-images.log)"; }

# ---------------------------------------------------------------- etcd
mkdir -p "$STATE/etcd"; chmod 700 "$STATE/etcd"
start etcd etcd --name kubegrade --data-dir "$STATE/etcd" \
  --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
  --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
  --initial-cluster kubegrade=http://127.0.0.1:2380 --initial-cluster-state new \
  --listen-metrics-urls http://127.0.0.1:2381 --unsafe-no-fsync --snapshot-count 10000 --log-level warn

# ---------------------------------------------------------------- containerd
mkdir -p "$STATE/containerd" "$RUN_DIR/containerd" "$CONF/cni" "$STATE/cni"
for reg in docker.io registry.k8s.io; do
  mkdir -p "$CONF/certs.d/$reg"
  # `server` is the local registry too, so nothing ever falls back to the real one
  cat > "$CONF/certs.d/$reg/hosts.toml" <<EOF
server = "http://$REGISTRY_ADDR"

[host."http://$REGISTRY_ADDR"]
  capabilities = ["pull", "resolve"]
  skip_verify = true
EOF
done
cat > "$CONF/containerd.toml" <<EOF
version = 2
root = "$STATE/containerd"
state = "$RUN_DIR/containerd/state"
oom_score = 0

[grpc]
  address = "$CONTAINERD_SOCK"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "registry.k8s.io/pause:$PAUSE_TAG"
  # root here lacks CAP_SYS_RESOURCE: without this every sandbox fails with
  # "failed to update /proc/self/oom_score_adj: Permission denied"
  restrict_oom_score_adj = true
  enable_selinux = false
  max_container_log_line_size = 16384
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        BinaryName = "$(command -v runc)"
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$CONF/cni"
    max_conf_num = 1
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$CONF/certs.d"
EOF
cat > "$CONF/cni/10-kubegrade.conflist" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "kubegrade",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$CNI_BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{"subnet": "$NODE_POD_CIDR", "gateway": "$NODE_IP"}]],
        "routes": [{"dst": "0.0.0.0/0"}],
        "dataDir": "$STATE/cni/networks"
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}},
    {"type": "loopback"}
  ]
}
EOF
start containerd containerd --config "$CONF/containerd.toml"
wait_for "containerd" 30 ctr --address "$CONTAINERD_SOCK" version

# ---------------------------------------------------------------- control plane
log "step 4/6: control plane"
wait_for "etcd" 30 curl -fsS http://127.0.0.1:2379/health
start kube-apiserver kube-apiserver \
  --advertise-address="$NODE_IP" --bind-address=0.0.0.0 --secure-port="$APISERVER_PORT" \
  --etcd-servers=http://127.0.0.1:2379 \
  --service-cluster-ip-range="$SERVICE_CIDR" --service-node-port-range=30000-32767 \
  --client-ca-file="$PKI/ca.crt" \
  --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
  --kubelet-client-certificate="$PKI/apiserver-kubelet-client.crt" --kubelet-client-key="$PKI/apiserver-kubelet-client.key" \
  --kubelet-certificate-authority="$PKI/ca.crt" --kubelet-preferred-address-types=InternalIP \
  --service-account-issuer="https://kubernetes.default.svc.$CLUSTER_DOMAIN" \
  --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
  --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction \
  --allow-privileged=true --profiling=false --v=1
wait_for "kube-apiserver /readyz" 120 kc get --raw=/readyz || { alive_all etcd kube-apiserver; die "API server not ready (log: $LOGS/kube-apiserver.log)"; }

start kube-controller-manager kube-controller-manager \
  --kubeconfig="$CONF/controller-manager.kubeconfig" \
  --authentication-kubeconfig="$CONF/controller-manager.kubeconfig" --authorization-kubeconfig="$CONF/controller-manager.kubeconfig" \
  --bind-address=127.0.0.1 --leader-elect=false --use-service-account-credentials=true \
  --root-ca-file="$PKI/ca.crt" --service-account-private-key-file="$PKI/sa.key" \
  --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
  --service-cluster-ip-range="$SERVICE_CIDR" --allocate-node-cidrs=false \
  --controllers='*,-cloud-node-lifecycle,-nodeipam' --profiling=false --v=1
start kube-scheduler kube-scheduler \
  --kubeconfig="$CONF/scheduler.kubeconfig" \
  --authentication-kubeconfig="$CONF/scheduler.kubeconfig" --authorization-kubeconfig="$CONF/scheduler.kubeconfig" \
  --bind-address=127.0.0.1 --leader-elect=false --profiling=false --v=1

# ---------------------------------------------------------------- node
log "step 5/6: node (kubelet, kube-proxy, kube-network-policies)"
mkdir -p "$STATE/kubelet" "$STATE/pv"
echo "# kubegrade test cluster: no upstream DNS for pods (nothing leaves the machine)" > "$CONF/resolv.conf"
cat > "$CONF/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: 10250
healthzBindAddress: 127.0.0.1
healthzPort: 10248
readOnlyPort: 0
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $PKI/ca.crt}
authorization:
  mode: Webhook
tlsCertFile: $PKI/kubelet.crt
tlsPrivateKeyFile: $PKI/kubelet.key
cgroupDriver: cgroupfs
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
clusterDNS: [$DNS_SVC_IP]
clusterDomain: $CLUSTER_DOMAIN
resolvConf: $CONF/resolv.conf
podCIDR: $NODE_POD_CIDR
failSwapOn: false
serializeImagePulls: false
registryPullQPS: 0
syncFrequency: 10s
fileCheckFrequency: 10s
nodeStatusReportFrequency: 10s
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard:
  memory.available: 100Mi
  nodefs.available: 1%
  nodefs.inodesFree: 1%
  imagefs.available: 1%
rotateCertificates: false
serverTLSBootstrap: false
hairpinMode: hairpin-veth
maxPods: 110
EOF
start kubelet kubelet --config="$CONF/kubelet.yaml" --kubeconfig="$CONF/kubelet.kubeconfig" \
  --hostname-override="$NODE_NAME" --node-ip="$NODE_IP" --root-dir="$STATE/kubelet" --v=1

cat > "$CONF/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection:
  kubeconfig: $CONF/kube-proxy.kubeconfig
mode: iptables
hostnameOverride: $NODE_NAME
clusterCIDR: $POD_CIDR
bindAddress: 0.0.0.0
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
nodePortAddresses: ["$NODE_IP/32"]
conntrack:
  maxPerCore: 0
  min: 0
  tcpEstablishedTimeout: 0s
  tcpCloseWaitTimeout: 0s
iptables:
  masqueradeAll: false
  minSyncPeriod: 0s
  syncPeriod: 30s
EOF
start kube-proxy kube-proxy --config="$CONF/kube-proxy.yaml" --v=1

# NetworkPolicy: kube-network-policies decides, per new connection, from the
# cluster's policies; the kernel hands it each new connection to or from a
# pod on netfilter queue $NETPOL_QUEUE. Its own nftables ruleset would do that
# with nftables' `queue` statement, which this kernel lacks (CONFIG_NFT_QUEUE
# is not set and modules cannot be loaded: the ruleset fails with "netlink
# receive: no such file or directory" and the enforcer logs it at every
# sync). The same rules through iptables' NFQUEUE target (the kernel has it),
# where kube-network-policies hooks them (postrouting, after kube-proxy's
# DNAT, before SNAT): root's own traffic (the kubelet's probes) and
# established connections pass, the rest goes to the queue. --queue-bypass:
# while the enforcer is not running, connections pass (policies are not
# enforced) rather than the cluster's networking stopping.
kc apply -f "$CLUSTER_DIR/manifests/kube-network-policies.yaml" >> "$LOGS/addons.log" 2>&1 \
  || { cat "$LOGS/addons.log" >&2; die "applying kube-network-policies' ServiceAccount and RBAC failed"; }
wait_for "kube-network-policies' token" 60 bash -c "kubectl --kubeconfig '$KUBECONFIG_PATH' -n kube-system get secret kube-network-policies-token -o jsonpath='{.data.token}' | grep -q ." \
  || { alive_all kube-controller-manager; die "no token for kube-network-policies (log: $LOGS/kube-controller-manager.log)"; }
mkdir -p "$CONF/kube-network-policies"; chmod 700 "$CONF/kube-network-policies"
kc -n kube-system get secret kube-network-policies-token -o jsonpath='{.data.token}' | base64 -d > "$CONF/kube-network-policies/token"
cp "$PKI/ca.crt" "$CONF/kube-network-policies/ca.crt"; chmod 600 "$CONF/kube-network-policies"/*
iptables -t mangle -N KUBEGRADE-NETPOL 2>/dev/null || iptables -t mangle -F KUBEGRADE-NETPOL
iptables -t mangle -A KUBEGRADE-NETPOL -m owner --uid-owner 0 -j RETURN
iptables -t mangle -A KUBEGRADE-NETPOL -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN
iptables -t mangle -A KUBEGRADE-NETPOL -s "$POD_CIDR" -j NFQUEUE --queue-num "$NETPOL_QUEUE" --queue-bypass
iptables -t mangle -A KUBEGRADE-NETPOL -d "$POD_CIDR" -j NFQUEUE --queue-num "$NETPOL_QUEUE" --queue-bypass
iptables -t mangle -C POSTROUTING -j KUBEGRADE-NETPOL 2>/dev/null || iptables -t mangle -A POSTROUTING -j KUBEGRADE-NETPOL
start kube-network-policies unshare --mount --propagation private bash "$CLUSTER_DIR/kube-network-policies.sh"
# the launcher execs the enforcer (same PID): recognise it by its binary
echo "$(cut -d' ' -f1 "$PIDS/kube-network-policies.pid") $(readlink -f "$KNP_BIN/kube-network-policies")" > "$PIDS/kube-network-policies.pid"
# ready when it listens on the queue (it opens it once its informers have synced)
wait_for "kube-network-policies on netfilter queue $NETPOL_QUEUE" 60 netpol_listening \
  || { alive_all kube-network-policies; die "kube-network-policies does not listen on queue $NETPOL_QUEUE (log: $LOGS/kube-network-policies.log)"; }

wait_for "node $NODE_NAME Ready" 120 bash -c "kubectl --kubeconfig '$KUBECONFIG_PATH' get node '$NODE_NAME' -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True" \
  || { alive_all kubelet containerd; die "node not Ready (log: $LOGS/kubelet.log)"; }

# ---------------------------------------------------------------- add-ons
log "step 6/6: add-ons (CoreDNS, StorageClass rdb and its provisioner)"
sed -e "s|__DNS_SVC_IP__|$DNS_SVC_IP|g; s|__CLUSTER_DOMAIN__|$CLUSTER_DOMAIN|g; s|__COREDNS_VERSION__|$COREDNS_VERSION|g" \
  "$CLUSTER_DIR/manifests/coredns.yaml" | kc apply -f - > "$LOGS/addons.log" 2>&1 \
  || { cat "$LOGS/addons.log" >&2; die "applying CoreDNS failed"; }
sed -e "s|__PV_DIR__|$STATE/pv|g" "$CLUSTER_DIR/manifests/storage.yaml" | kc apply -f - >> "$LOGS/addons.log" 2>&1 \
  || { cat "$LOGS/addons.log" >&2; die "applying the StorageClass failed"; }
start rdb-provisioner bash "$CLUSTER_DIR/rdb-provisioner.sh"

wait_for "ServiceAccount default/default" 60 kc -n default get serviceaccount default \
  || { alive_all kube-controller-manager; die "no default ServiceAccount (log: $LOGS/kube-controller-manager.log)"; }
wait_for "CoreDNS Deployment available" 120 kc -n kube-system wait --for=condition=Available deployment/coredns --timeout=5s \
  || { kc -n kube-system get pods -o wide >&2 || true; kc -n kube-system describe pods -l k8s-app=kube-dns | tail -25 >&2 || true; die "CoreDNS not available (logs: $LOGS/kubelet.log, $LOGS/containerd.log)"; }
# CoreDNS answers for the API server's Service name, asked at the pod's own
# address (the Service IP itself is only reachable from pods).
DNS_POD_IP=$(kc -n kube-system get pods -l k8s-app=kube-dns -o jsonpath='{.items[0].status.podIP}')
wait_for "CoreDNS answering kubernetes.default.svc.$CLUSTER_DOMAIN at $DNS_POD_IP" 60 \
  python3 "$CLUSTER_DIR/dnsquery.py" "$DNS_POD_IP" "kubernetes.default.svc.$CLUSTER_DOMAIN" "$KUBERNETES_SVC_IP" \
  || die "CoreDNS does not answer (kubectl -n kube-system logs deploy/coredns)"
alive_all "${COMPONENTS[@]}" || die "a component died during bring-up"

echo "$(( $(date +%s) - T0 ))" > "$STATE/up-seconds"
log "cluster up in $(( $(date +%s) - T0 ))s: Kubernetes $K8S_VERSION, node $NODE_NAME ($NODE_IP), CoreDNS $COREDNS_VERSION at $DNS_SVC_IP"
log "images: docker.io/library/redis:5.0.0 docker.io/library/python:3.9 docker.io/kubegrade/flask-api:1.0 (from $REGISTRY_ADDR)"
echo "KUBECONFIG=$KUBECONFIG_PATH"
