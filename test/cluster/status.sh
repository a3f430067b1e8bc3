#!/usr/bin/env bash
# npm run cluster:status — what of the kubegrade test cluster runs and what
# does not. Exit 0 when everything runs and is healthy, 3 when nothing runs,
# 1 otherwise. --quiet: no output, exit code only.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
quiet=0; [[ ${1:-} == --quiet ]] && quiet=1
say() { ((quiet)) || echo "$@"; }

if [[ $(id -u) != 0 ]]; then
  ((quiet)) || echo "cluster:status needs root (the PID files and the kubeconfig under $STATE are root's)" >&2
  exit 1
fi
missing=$(missing_packages | tr '\n' ' ')
[[ -n ${missing// } ]] && say "missing Debian packages: $missing (cluster:up installs them)"
[[ -x $K8S_BIN/kubectl ]] || say "Kubernetes $K8S_VERSION not built yet ($K8S_BIN; cluster:up builds it)"

up=0 down=0
say "kubegrade test cluster (Kubernetes $K8S_VERSION), state in $STATE"
for c in "${COMPONENTS[@]}"; do
  if pid=$(pid_of "$c"); then up=$((up+1)); say "  $(printf '%-24s' "$c") running   pid $pid   log $LOGS/$c.log"
  else down=$((down+1)); say "  $(printf '%-24s' "$c") NOT running$([[ -f $LOGS/$c.log ]] && echo "   log $LOGS/$c.log")"; fi
done
if ((up == 0)); then say "cluster is down (npm run cluster:up starts it)"; exit 3; fi

healthy=1
check() { # label command...
  if "${@:2}" >/dev/null 2>&1; then say "  ok    $1"; else say "  FAIL  $1"; healthy=0; fi
}
[[ -x $K8S_BIN/kubectl && -f $KUBECONFIG_PATH ]] || { say "  FAIL  no kubectl or kubeconfig"; exit 1; }
check "registry http://$REGISTRY_ADDR/v2/" curl -fsS -m 3 "http://$REGISTRY_ADDR/v2/"
check "etcd health" curl -fsS -m 3 http://127.0.0.1:2379/health
check "kube-apiserver /readyz" kc --request-timeout=5s get --raw=/readyz
check "node $NODE_NAME Ready" bash -c "kubectl --kubeconfig '$KUBECONFIG_PATH' --request-timeout=5s get node '$NODE_NAME' -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True"
check "CoreDNS available" bash -c "kubectl --kubeconfig '$KUBECONFIG_PATH' --request-timeout=5s -n kube-system get deploy coredns -o jsonpath='{.status.availableReplicas}' | grep -qx '[1-9][0-9]*'"
check "NetworkPolicy enforced (kube-network-policies on netfilter queue $NETPOL_QUEUE)" netpol_listening
check "StorageClass rdb" kc --request-timeout=5s get storageclass rdb
check "ServiceAccount default/default" kc --request-timeout=5s -n default get serviceaccount default
((down == 0)) || healthy=0
if ((healthy)); then
  say "cluster is up and healthy"; say "KUBECONFIG=$KUBECONFIG_PATH"; exit 0
fi
say "cluster is NOT healthy (see the logs above; npm run cluster:down then cluster:up restarts it)"
exit 1
