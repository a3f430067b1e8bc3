#!/usr/bin/env bash
# Prints, as shell assignments, what a test or a person needs to talk to the
# kubegrade test cluster:  eval "$(bash test/cluster/env.sh)"
#   KUBECONFIG  admin kubeconfig (/var/lib/kubegrade-cluster/kubeconfig)
#   KUBECTL     kubectl built with the cluster (same version as the server)
#   PATH        with that kubectl's directory first
#   KUBEGRADE_CLUSTER_REGISTRY, KUBEGRADE_CLUSTER_K8S_VERSION
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cat <<EOF
export KUBECONFIG=$KUBECONFIG_PATH
export KUBECTL=$K8S_BIN/kubectl
export PATH=$K8S_BIN:\$PATH
export KUBEGRADE_CLUSTER_REGISTRY=$REGISTRY_ADDR
export KUBEGRADE_CLUSTER_K8S_VERSION=$K8S_VERSION
EOF
