#!/usr/bin/env bash
# Builds kubegrade's own OCI image (for `kubegrade batch --live --deploy
# --in-cluster`, whose Jobs run it) the way test/cluster/build-images.sh builds
# the cluster's images: no docker, no registry outside. The base is that
# script's cached Debian bookworm image (its `base` tag, the very same layer);
# two layers are added:
#   /usr/local/bin/node   Node 24 from the npm registry's node@24 package
#                         (debug symbols stripped), nothing downloaded elsewhere;
#                         its own layer, cached by Node's version, so that a
#                         new kubegrade adds only the layer below
#   /opt/kubegrade        the package as `npm pack` makes it (bin, dist/bundle,
#                         rubrics, ...), which has no dependency: its bundle
#                         holds the live pass's clients
#   /usr/local/bin/kubegrade -> /opt/kubegrade/bin/kubegrade.js
# and runs as user 65532. The layout is cached under
# $CACHE/images/kubegrade-<hash>, the hash of the inputs (the base image's
# digest, Node's version, the packed package's contents, package-lock.json,
# this script): a second run with the same inputs builds nothing. The Node
# layer is cached under $CACHE/images/kubegrade-node-<hash>.
#
#   scripts/build-kubegrade-image.sh          build (or reuse), push into the
#                                             local registry (skipped when it
#                                             holds the tag already), print the
#                                             image as manifests name it
#   scripts/build-kubegrade-image.sh --no-push
#
# Prints e.g. kubegrade/kubegrade:3f0c9a1b2c3d4e5f (docker.io/kubegrade/... ,
# which the test cluster's containerd resolves to the local registry); give
# it to `kubegrade batch ... --in-cluster --image`. The package must be built
# (npm run build; npm ci does it).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/test/cluster/lib.sh"
IMAGES=$CACHE/images
REPO=kubegrade/kubegrade
PUSH=1
[[ ${1:-} == --no-push ]] && PUSH=0

[[ $(id -u) == 0 ]] || die "run as root (umoci unpacks the base image's files with their owners)"
for c in umoci skopeo curl sha256sum tar; do have_cmd "$c" || die "$c is missing (npm run cluster:up installs the cluster's Debian packages)"; done

# Node 24 from the npm registry's node@24 package (as .ci/run and the README do).
NODE24=${KUBEGRADE_NODE24:-$CACHE/node24}
if [[ ! -x $NODE24/node_modules/node/bin/node ]]; then
  log "node@24 from the npm registry into $NODE24"
  npm install --no-save --no-audit --no-fund --prefix "$NODE24" node@24 >&2
fi
NODE_BIN=$NODE24/node_modules/node/bin/node
NODE_VERSION=$("$NODE_BIN" --version)
export PATH="$NODE24/node_modules/node/bin:$PATH"
[[ $NODE_VERSION == v24.* ]] || die "$NODE_BIN is Node $NODE_VERSION, not 24"

[[ -f $ROOT/dist/bundle/cli.js ]] || die "kubegrade is not built: npm run build (in $ROOT)"

# The cluster images' layout (cached by cluster:up); its `base` tag is the Debian rootfs layer.
BASE_OCI=$(bash "$ROOT/test/cluster/build-images.sh")
BASE_DIGEST=$(skopeo inspect --raw "oci:$BASE_OCI:base" | sha256sum | cut -c1-64)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kubegrade-image.XXXXXX")
cleanup() {
  grep -o " $WORK/[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m" || true; done || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The Node layer: base + Node 24, cached by the base's digest and Node's version, so that every
# kubegrade build adds only its own small layer (the registry keeps the Node layer once).
NODE_KEY=$(echo "$BASE_DIGEST $NODE_VERSION node-layer-v1" | sha256sum | cut -c1-16)
NODE_OCI=$IMAGES/kubegrade-node-$NODE_KEY
if [[ ! -f $NODE_OCI/.complete ]]; then
  log "node layer $NODE_KEY: node $NODE_VERSION on base $BASE_DIGEST"
  L=$WORK/node-oci
  skopeo copy -q "oci:$BASE_OCI:base" "oci:$L:base"
  umoci unpack --image "$L:base" "$WORK/node-bundle" >/dev/null
  install -d "$WORK/node-bundle/rootfs/usr/local/bin"
  if have_cmd objcopy; then objcopy --strip-debug "$NODE_BIN" "$WORK/node-bundle/rootfs/usr/local/bin/node"; else cp "$NODE_BIN" "$WORK/node-bundle/rootfs/usr/local/bin/node"; fi
  chmod 755 "$WORK/node-bundle/rootfs/usr/local/bin/node"
  umoci repack --image "$L:node" "$WORK/node-bundle" >/dev/null
  rm -rf "$WORK/node-bundle"
  umoci rm --image "$L:base"
  umoci gc --layout "$L"
  touch "$L/.complete"
  mkdir -p "$IMAGES"; rm -rf "$NODE_OCI"; mv "$L" "$NODE_OCI"
  find "$IMAGES" -maxdepth 1 -name 'kubegrade-node-*' ! -name "kubegrade-node-$NODE_KEY" -exec rm -rf {} +
fi

# The package as npm would publish it (no scripts: dist is built already).
(cd "$ROOT" && npm pack --ignore-scripts --silent --pack-destination "$WORK" >/dev/null)
TGZ=$(ls "$WORK"/kubegrade-*.tgz)
HASH=$({ echo "$NODE_KEY"
  tar -tzf "$TGZ" | sort; tar -xzf "$TGZ" -O | sha256sum
  cat "$ROOT/package-lock.json" "$ROOT/scripts/build-kubegrade-image.sh"
} | sha256sum | cut -c1-16)
OUT=$IMAGES/kubegrade-$HASH
VERSION=$(node -p 'require(process.argv[1]).version' "$ROOT/package.json")

if [[ -f $OUT/.complete ]]; then
  log "kubegrade image: cached in $OUT"
else
  log "kubegrade image $HASH: node layer $NODE_KEY, kubegrade $VERSION"
  LAYOUT=$WORK/oci
  skopeo copy -q "oci:$NODE_OCI:node" "oci:$LAYOUT:node"
  umoci unpack --image "$LAYOUT:node" "$WORK/bundle" >/dev/null
  R=$WORK/bundle/rootfs
  install -d "$R/opt/kubegrade"
  tar -xzf "$TGZ" -C "$R/opt/kubegrade" --strip-components=1 --no-same-owner
  # Nothing to install: the package has no dependency (the command line, the live pass's clients
  # included, is bundled in dist/bundle/).
  node -e 'const p = require(process.argv[1]); if (Object.keys(p.dependencies ?? {}).length) { console.error("the package has dependencies: install them here"); process.exit(1); }' "$R/opt/kubegrade/package.json"
  ln -sf /opt/kubegrade/bin/kubegrade.js "$R/usr/local/bin/kubegrade"
  chmod 755 "$R/opt/kubegrade/bin/kubegrade.js"
  # It runs, with the image's own loader and libraries: a missing library shows here, not in a pod.
  mount -t proc proc "$R/proc"
  ok=1; chroot "$R" /usr/local/bin/node /opt/kubegrade/bin/kubegrade.js --version >/dev/null || ok=0
  umount "$R/proc"
  [[ $ok == 1 ]] || die "the image's kubegrade does not start (chroot $R /usr/local/bin/node /opt/kubegrade/bin/kubegrade.js --version)"
  umoci repack --image "$LAYOUT:kubegrade" "$WORK/bundle" >/dev/null
  umoci config --image "$LAYOUT:kubegrade" \
    --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --config.env HOME=/tmp --config.env NODE_ENV=production \
    --config.entrypoint /usr/local/bin/node --config.entrypoint /opt/kubegrade/bin/kubegrade.js \
    --config.user 65532:65532 --config.workingdir /tmp \
    --config.label "org.opencontainers.image.title=kubegrade" --config.label "org.opencontainers.image.version=$VERSION"
  umoci rm --image "$LAYOUT:node"
  umoci gc --layout "$LAYOUT"
  touch "$LAYOUT/.complete"
  mkdir -p "$IMAGES"; rm -rf "$OUT.tmp"; mv "$LAYOUT" "$OUT.tmp"; mv "$OUT.tmp" "$OUT"
  # older builds are superseded by this one
  find "$IMAGES" -maxdepth 1 -name 'kubegrade-*' ! -name 'kubegrade-node-*' ! -name "kubegrade-$HASH" -exec rm -rf {} +
  log "kubegrade image built in $OUT ($(du -sh "$OUT" | cut -f1))"
fi

if [[ $PUSH == 1 ]]; then
  accept='application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.v2+json'
  if curl -sf -o /dev/null -H "Accept: $accept" "http://$REGISTRY_ADDR/v2/$REPO/manifests/$HASH"; then
    log "kubegrade image: already in the registry as $REPO:$HASH"
  else
    curl -sf -o /dev/null "http://$REGISTRY_ADDR/v2/" || die "no registry at $REGISTRY_ADDR (npm run cluster:up starts it)"
    log "push $REPO:$HASH (and :$VERSION) -> $REGISTRY_ADDR"
    skopeo copy -q --dest-tls-verify=false "oci:$OUT:kubegrade" "docker://$REGISTRY_ADDR/$REPO:$HASH"
    skopeo copy -q --dest-tls-verify=false "oci:$OUT:kubegrade" "docker://$REGISTRY_ADDR/$REPO:$VERSION"
  fi
fi
echo "$REPO:$HASH"
