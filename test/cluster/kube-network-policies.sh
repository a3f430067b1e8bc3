#!/usr/bin/env bash
# Runs kube-network-policies (the NetworkPolicy enforcer) as a host process.
# Started by up.sh as `unshare --mount --propagation private bash THIS`: in
# that mount namespace of its own, a tmpfs over /run holds only the
# in-cluster credentials it reads (/var/run/secrets/kubernetes.io/
# serviceaccount/{token,ca.crt}, copied from $CONF/kube-network-policies/);
# the host's /run is untouched. It keeps the host's network namespace (it
# answers the kernel's nfqueue there). Then it execs the enforcer, so the
# PID up.sh recorded is the enforcer's.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
SA=/run/secrets/kubernetes.io/serviceaccount
[[ -s $CONF/kube-network-policies/token ]] || die "no token in $CONF/kube-network-policies (up.sh writes it)"
mount -t tmpfs -o size=1m,mode=0755 kubegrade-netpol /run
mkdir -p "$SA"
cp "$CONF/kube-network-policies/token" "$CONF/kube-network-policies/ca.crt" "$SA/"
echo kube-system > "$SA/namespace"
export KUBERNETES_SERVICE_HOST=127.0.0.1 KUBERNETES_SERVICE_PORT=$APISERVER_PORT
# --disable-nri: Debian's containerd 1.6 has no NRI (the pod IPs come from the API instead).
# --netfilter-bug-1766-fix=false: the DNS workaround is for kernels before 6.12, and it needs nftables' queue too.
exec "$KNP_BIN/kube-network-policies" --hostname-override="$NODE_NAME" --nfqueue-id="$NETPOL_QUEUE" \
  --disable-nri --netfilter-bug-1766-fix=false --metrics-bind-address=127.0.0.1:9080 --v=1 "$@"
