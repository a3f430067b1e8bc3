#!/usr/bin/env bash
# Dynamic provisioner for StorageClass `rdb` of the kubegrade test cluster,
# run by up.sh as a supervised host process. For every Pending PVC of class
# rdb it creates a hostPath PV under $PV_DIR/pvc-<claim uid>, pre-bound to the
# claim through claimRef (the PV controller completes the binding). A
# Released PV it made is deleted with its directory (reclaimPolicy Delete).
# It reacts to PVC watch events and resyncs every 20 s.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
export KUBECONFIG=$KUBECONFIG_PATH
PV_DIR=$STATE/pv
PROVISIONER=kubegrade.local/rdb-hostpath
mkdir -p "$PV_DIR"

provision() { # ns name uid size accessModes(json) volumeMode
  local ns=$1 name=$2 uid=$3 size=$4 modes=$5 vmode=${6:-Filesystem}
  local pv=pvc-$uid dir=$PV_DIR/pvc-$uid
  mkdir -p "$dir" && chmod 0777 "$dir"
  if kubectl create -f - >/dev/null <<JSON
{"apiVersion":"v1","kind":"PersistentVolume",
 "metadata":{"name":"$pv","labels":{"kubegrade.local/provisioner":"rdb-hostpath"},
   "annotations":{"pv.kubernetes.io/provisioned-by":"$PROVISIONER"}},
 "spec":{"capacity":{"storage":"$size"},"accessModes":$modes,"volumeMode":"$vmode",
   "storageClassName":"rdb","persistentVolumeReclaimPolicy":"Delete",
   "hostPath":{"path":"$dir","type":"DirectoryOrCreate"},
   "claimRef":{"apiVersion":"v1","kind":"PersistentVolumeClaim","namespace":"$ns","name":"$name","uid":"$uid"}}}
JSON
  then log "provisioned $pv ($size) for $ns/$name at $dir"; fi
}

reconcile() {
  local ns name uid phase vol size modes vmode
  while IFS="|" read -r ns name uid phase vol size modes vmode; do
    [[ -n $ns && $phase == Pending && -z $vol ]] || continue
    kubectl get pv "pvc-$uid" >/dev/null 2>&1 && continue
    provision "$ns" "$name" "$uid" "${size:-1Gi}" "${modes:-[\"ReadWriteOnce\"]}" "$vmode"
  done < <(kubectl get pvc -A -o jsonpath='{range .items[?(@.spec.storageClassName=="rdb")]}{.metadata.namespace}{"|"}{.metadata.name}{"|"}{.metadata.uid}{"|"}{.status.phase}{"|"}{.spec.volumeName}{"|"}{.spec.resources.requests.storage}{"|"}{.spec.accessModes}{"|"}{.spec.volumeMode}{"\n"}{end}')
  local pv phase
  while IFS="|" read -r pv phase; do
    [[ $pv == pvc-* && ( $phase == Released || $phase == Failed ) ]] || continue
    if kubectl delete pv "$pv" --wait=false >/dev/null; then
      rm -rf --one-file-system "${PV_DIR:?}/$pv"; log "deleted released $pv and its data"
    fi
  done < <(kubectl get pv -l kubegrade.local/provisioner=rdb-hostpath -o jsonpath='{range .items[*]}{.metadata.name}{"|"}{.status.phase}{"\n"}{end}')
}

log "rdb provisioner started (PV dir $PV_DIR)"
while true; do
  reconcile
  # wake up on any PVC event (the first lines are the initial list), resync every 20 s
  while read -r _; do reconcile; done < <(timeout 20 kubectl get pvc -A --watch-only -o name 2>/dev/null)
  sleep 1
done
