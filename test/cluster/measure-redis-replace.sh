#!/usr/bin/env bash
# Measures, on the running test cluster, the time from deleting the Redis pod
# of the full-marks submission (fixtures/good, username templated, own
# namespace) to its replacement being Ready, N times (default 7); prints each
# and the median. This is the floor for the live pass's speed.
#   bash test/cluster/measure-redis-replace.sh [N]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
N=${1:-7}
export KUBECONFIG=$KUBECONFIG_PATH
ns=kg-measure-$$; user=m$$
trap 'kubectl delete namespace "$ns" --wait=false >/dev/null 2>&1 || true' EXIT
kubectl create namespace "$ns" >/dev/null
for f in "$CLUSTER_DIR"/../../fixtures/good/jdoe-test-*.yml; do sed "s/jdoe/$user/g" "$f"; echo; done | kubectl -n "$ns" apply -f - >/dev/null
kubectl -n "$ns" wait --for=condition=Available deployment --all --timeout=300s >/dev/null
sel=app=$user-test-redis
times=()
for ((i = 1; i <= N; i++)); do
  old=$(kubectl -n "$ns" get pods -l "$sel" -o jsonpath='{.items[0].metadata.name}')
  t0=$(date +%s%N)
  kubectl -n "$ns" delete pod "$old" --wait=false >/dev/null
  while :; do
    ready=$(kubectl -n "$ns" get pods -l "$sel" -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' \
      | awk -v old="$old" '$1 != old && $2 == "True"' | wc -l)
    ((ready > 0)) && break
    (( ($(date +%s%N) - t0) / 1000000000 > 180 )) && die "no replacement Ready after 180 s"
    sleep 0.1
  done
  ms=$(( ($(date +%s%N) - t0) / 1000000 )); times+=("$ms")
  echo "run $i: ${ms} ms"
  kubectl -n "$ns" wait --for=delete "pod/$old" --timeout=120s >/dev/null 2>&1 || true
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}')
echo "median of $N: ${median} ms"
