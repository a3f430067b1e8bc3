#!/usr/bin/env bash
# Makes the test cluster's CA, the component certificates and the
# service-account key pair with openssl (ECDSA P-256), into $PKI. Keeps what
# is already there.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
mkdir -p "$PKI"; chmod 700 "$PKI"; cd "$PKI"
newkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; chmod 600 "$1"; }

if [[ ! -f ca.crt ]]; then
  newkey ca.key
  openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/CN=kubegrade-test-cluster-ca" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.crt
fi

# cert NAME SUBJECT USAGE [SANS]
cert() {
  local name=$1 subj=$2 usage=$3 sans=${4:-}
  [[ -f $name.crt ]] && return 0
  newkey "$name.key"
  local ext; ext=$(mktemp)
  { echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$usage"
    [[ -n $sans ]] && echo "subjectAltName=$sans"; } > "$ext"
  openssl req -new -key "$name.key" -subj "$subj" -out "$name.csr"
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days 3650 \
    -extfile "$ext" -out "$name.crt" 2>/dev/null
  rm -f "$name.csr" "$ext"
}
cert apiserver "/CN=kube-apiserver" serverAuth \
  "DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.$CLUSTER_DOMAIN,DNS:localhost,IP:127.0.0.1,IP:$KUBERNETES_SVC_IP,IP:$NODE_IP"
cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" clientAuth
cert admin "/O=system:masters/CN=kubernetes-admin" clientAuth
cert controller-manager "/CN=system:kube-controller-manager" clientAuth
cert scheduler "/CN=system:kube-scheduler" clientAuth
cert kube-proxy "/CN=system:kube-proxy" clientAuth
cert kubelet-client "/O=system:nodes/CN=system:node:$NODE_NAME" clientAuth
cert kubelet "/CN=$NODE_NAME" serverAuth "DNS:$NODE_NAME,DNS:localhost,IP:$NODE_IP,IP:127.0.0.1"
if [[ ! -f sa.key ]]; then
  newkey sa.key; openssl pkey -in sa.key -pubout -out sa.pub
fi
ls
