#!/usr/bin/env bash
# npm run cluster:down — stop the kubegrade test cluster and leave nothing
# behind: every process it started (by recorded PID, plus the containerd shims
# of its own containerd socket), every mount under its directories and the pod
# network namespaces, the CNI bridge, the iptables chains (KUBE-*, CNI-*,
# KUBEGRADE-*, KUBEGRADE-NETPOL in mangle included), the unreachable route for the Service range, /run/containerd,
# /opt/containerd, /var/lib/cni and the cluster's state (logs are kept in
# /var/lib/kubegrade-cluster/logs). The caches in /var/cache/kubegrade stay.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
[[ $(id -u) == 0 ]] || die "cluster:down must run as root; you are $(id -un)"
cluster_lock 900

# gone PID: the process has exited (a zombie waiting for init to reap it counts)
gone() { [[ ! -d /proc/$1 ]] || [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) == Z ]]; }

stop() { # NAME [timeout]
  local name=$1 t=${2:-20} pid
  pid=$(pid_of "$name") || { rm -f "$PIDS/$name.pid"; return 0; }
  log "stopping $name (pid $pid)"
  # the provisioner is a shell loop: signal its whole process group (setsid made it the leader)
  if [[ $name == rdb-provisioner ]]; then kill -TERM -- "-$pid" 2>/dev/null; else kill -TERM "$pid" 2>/dev/null; fi
  for ((i = 0; i < t * 10; i++)); do gone "$pid" && break; sleep 0.1; done
  if ! gone "$pid"; then log "$name did not stop in ${t}s: SIGKILL"; kill -KILL "$pid" 2>/dev/null; sleep 0.3; fi
  [[ $name == rdb-provisioner ]] && kill -KILL -- "-$pid" 2>/dev/null
  rm -f "$PIDS/$name.pid"
}

# 1. whatever would recreate pods or rules
for c in rdb-provisioner kube-controller-manager kube-scheduler kubelet kube-proxy kube-network-policies; do stop "$c"; done

# 2. containers: kill every task of our containerd, remove containers
if pid_of containerd >/dev/null && [[ -S $CONTAINERD_SOCK ]]; then
  ctr_() { timeout 20 ctr --address "$CONTAINERD_SOCK" -n k8s.io "$@"; }
  tasks=$(ctr_ tasks ls -q 2>/dev/null)
  if [[ -n $tasks ]]; then
    log "killing $(wc -w <<<"$tasks") container tasks"
    for t in $tasks; do ctr_ tasks kill -a -s SIGKILL "$t" >/dev/null 2>&1; done
    sleep 1
    for t in $tasks; do ctr_ tasks delete -f "$t" >/dev/null 2>&1; done
  fi
  for c in $(ctr_ containers ls -q 2>/dev/null); do ctr_ containers delete "$c" >/dev/null 2>&1; done
fi
stop containerd
# shims of our containerd (they outlive it by design): found by its socket path
for pid in $(pgrep -f "containerd-shim.*-address $CONTAINERD_SOCK" 2>/dev/null); do
  log "stopping containerd shim pid $pid"; kill -KILL "$pid" 2>/dev/null
done
# container processes left (a shim killed above takes its children with it,
# but make sure): any process still in our kubepods cgroups
for cg in /sys/fs/cgroup/pids/kubepods /sys/fs/cgroup/memory/kubepods; do
  [[ -d $cg ]] || continue
  for pid in $(find "$cg" -name cgroup.procs -exec cat {} + 2>/dev/null | sort -u); do
    log "killing left-over pod process $pid"; kill -KILL "$pid" 2>/dev/null
  done
done

# 3. control plane and the rest
stop kube-apiserver 5   # its graceful shutdown waits ~10 s for nothing here
for c in etcd registry; do stop "$c"; done
for c in "${COMPONENTS[@]}"; do stop "$c" 5; done

# 4. mounts: pod network namespaces of our containerd, then everything under
# our directories (deepest first)
for ns in /var/run/netns/cni-*; do
  [[ -e $ns ]] || continue
  umount "$ns" 2>/dev/null || umount -l "$ns" 2>/dev/null; rm -f "$ns"
done
umount_under() {
  local prefix
  for prefix in "$@"; do
    awk -v p="$prefix" '$5 == p || index($5, p "/") == 1 {print $5}' /proc/self/mountinfo | sort -r | while read -r m; do
      m=$(printf '%b' "$m")
      umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "could not unmount $m"
    done
  done
}
umount_under "$STATE" "$RUN_DIR" /run/containerd /var/lib/kubelet
# kubepods cgroups the kubelet made
for sub in /sys/fs/cgroup/*/; do
  [[ -d ${sub}kubepods ]] || continue
  find "${sub}kubepods" -depth -type d -exec rmdir {} \; 2>/dev/null
done

# 5. network: bridge, iptables chains, route
ip link show "$CNI_BRIDGE" >/dev/null 2>&1 && { log "removing bridge $CNI_BRIDGE"; ip link del "$CNI_BRIDGE"; }
for veth in $(ip -o link show type veth 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1); do
  [[ $(cat "/sys/class/net/$veth/master/uevent" 2>/dev/null) == *"INTERFACE=$CNI_BRIDGE"* ]] && ip link del "$veth"
done
ip route del unreachable "$SERVICE_CIDR" 2>/dev/null
clean_chains() { # iptables-command
  local ipt=$1 table chain rule
  command -v "$ipt" >/dev/null || return 0
  for table in filter nat mangle raw; do
    "$ipt" -t "$table" -S >/dev/null 2>&1 || continue
    # rules in any chain that jump to one of ours
    "$ipt" -t "$table" -S | grep -E -- '-j (KUBE-|CNI-|KUBEGRADE-)' | grep -E '^-A ' | while read -r rule; do
      chain=$(awk '{print $2}' <<<"$rule")
      [[ $chain =~ ^(KUBE-|CNI-|KUBEGRADE-) ]] && continue
      eval "\"$ipt\" -t $table -D ${rule#-A }" 2>/dev/null
    done
    for chain in $("$ipt" -t "$table" -S | awk '$1 == "-N" {print $2}' | grep -E '^(KUBE-|CNI-|KUBEGRADE-)'); do
      "$ipt" -t "$table" -F "$chain" 2>/dev/null
    done
    for chain in $("$ipt" -t "$table" -S | awk '$1 == "-N" {print $2}' | grep -E '^(KUBE-|CNI-|KUBEGRADE-)'); do
      "$ipt" -t "$table" -X "$chain" 2>/dev/null
    done
  done
}
clean_chains iptables; clean_chains ip6tables
command -v conntrack >/dev/null && conntrack -D -s "$POD_CIDR" >/dev/null 2>&1
# sysctls back as they were
if [[ -f $STATE/sysctl.orig ]]; then
  while IFS='=' read -r k v; do [[ -n $k && -n $v ]] && sysctl -q -w "$k=$v"; done < "$STATE/sysctl.orig"
fi

# 6. state
rm -rf --one-file-system /run/containerd /opt/containerd /var/lib/cni "$RUN_DIR"
if [[ -d $STATE ]]; then
  find "$STATE" -mindepth 1 -maxdepth 1 ! -name logs -exec rm -rf --one-file-system {} + 2>/dev/null
fi
left=$(for c in "${COMPONENTS[@]}"; do pid_of "$c"; done)
mounts=$(awk -v s="$STATE" -v r="$RUN_DIR" 'index($5, s) == 1 || index($5, r) == 1 || index($5, "/run/containerd") == 1' /proc/self/mountinfo | wc -l)
if [[ -n $left || $mounts != 0 ]]; then die "cluster:down left processes ($left) or $mounts mounts behind"; fi
log "cluster is down (logs kept in $LOGS)"
