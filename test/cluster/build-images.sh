#!/usr/bin/env bash
# Builds the test cluster's container images as one OCI layout, without any
# registry outside: a minimal Debian bookworm rootfs (debootstrap, cached) is
# the base layer; each image adds one layer made by installing Debian packages
# in a chroot (umoci unpack / repack). The pause and CoreDNS images hold one
# static Go binary each. The result is cached under
# $CACHE/images/oci-<hash of the recipes>; `push` copies it into the local
# registry with skopeo.
#
#   build-images.sh          build (or reuse) the OCI layout, print its path
#   build-images.sh push     also push every image to $REGISTRY_ADDR
set -euo pipefail
. "$(dirname "$0")/lib.sh"

MIRROR=${KUBEGRADE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm
IMAGES=$CACHE/images

# tag in the OCI layout -> repository:tag in the local registry (what the
# containerd mirrors for docker.io and registry.k8s.io resolve to)
declare -A DEST=(
  [pause]=pause:$PAUSE_TAG
  [coredns]=coredns/coredns:$COREDNS_VERSION
  [redis]=library/redis:5.0.0
  [python]=library/python:3.9
  [flask-api]=kubegrade/flask-api:1.0
)
# the same image under a second name: redis:latest (and plain `redis`) pull on
# the course's cluster too, so they must here (the static checks flag them)
declare -A ALIAS=(
  [redis]=library/redis:latest
)

recipe_hash() {
  { cat "$CLUSTER_DIR/build-images.sh" "$CLUSTER_DIR/versions.env"
    find "$CLUSTER_DIR/images" "$CLUSTER_DIR/pause" -type f | sort | xargs cat
    echo "$MIRROR $SUITE"; go version
  } | sha256sum | cut -c1-16
}
HASH=$(recipe_hash)
OCI=$IMAGES/oci-$HASH

WORK=""
cleanup() {
  if [[ -n $WORK && -d $WORK ]]; then
    # never leave a mount behind inside a rootfs under construction
    grep -o " $WORK/[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m" || true; done || true
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

# run a shell command inside a rootfs, with /proc and the host's resolver
in_chroot() {
  local root=$1; shift
  mount -t proc proc "$root/proc"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  local rc=0
  chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 /bin/sh -ec "$*" || rc=$?
  umount "$root/proc"
  : > "$root/etc/resolv.conf"
  return $rc
}

apt_install() { # root pkgs...
  local root=$1; shift
  in_chroot "$root" "apt-get update -q && apt-get install -y -q --no-install-recommends $* \
    && apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log" \
    >> "$IMAGES/apt-in-chroot.log" 2>&1 || die "apt-get install $* failed in the image rootfs, see $IMAGES/apt-in-chroot.log"
}

build_base_rootfs() {
  local key; key=$(echo "$MIRROR $SUITE minbase v1" | sha256sum | cut -c1-12)
  BASE=$IMAGES/rootfs-$SUITE-$key
  if [[ -f $BASE/.complete ]]; then log "base rootfs: cached in $BASE"; return; fi
  log "debootstrap $SUITE (minbase) from $MIRROR into $BASE"
  rm -rf "$BASE.tmp"; mkdir -p "$IMAGES"
  debootstrap --variant=minbase "$SUITE" "$BASE.tmp" "$MIRROR" > "$IMAGES/debootstrap.log" 2>&1 \
    || die "debootstrap failed, see $IMAGES/debootstrap.log"
  # like Debian's container images: no service starts, no recommends, no docs
  printf '#!/bin/sh\nexit 101\n' > "$BASE.tmp/usr/sbin/policy-rc.d"; chmod 755 "$BASE.tmp/usr/sbin/policy-rc.d"
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' > "$BASE.tmp/etc/apt/apt.conf.d/90kubegrade"
  printf 'path-exclude /usr/share/doc/*\npath-exclude /usr/share/man/*\npath-exclude /usr/share/locale/*\n' \
    > "$BASE.tmp/etc/dpkg/dpkg.cfg.d/90kubegrade-nodoc"
  rm -rf "$BASE.tmp"/var/lib/apt/lists/* "$BASE.tmp"/var/cache/apt/*.bin "$BASE.tmp"/var/log/* "$BASE.tmp"/usr/share/doc/* "$BASE.tmp"/usr/share/man/*
  : > "$BASE.tmp/etc/resolv.conf"; echo kubegrade > "$BASE.tmp/etc/hostname"
  touch "$BASE.tmp/.complete"; mv "$BASE.tmp" "$BASE"
}

# new_image TAG FROM-TAG: unpack FROM into a bundle, echo the bundle's rootfs
bundle() { echo "$WORK/bundle-$1"; }
unpack() { umoci unpack --image "$LAYOUT:$2" "$(bundle "$1")" >/dev/null; }
repack() { umoci repack --image "$LAYOUT:$1" "$(bundle "$1")" >/dev/null; rm -rf "$(bundle "$1")"; }
config() { local tag=$1; shift; umoci config --image "$LAYOUT:$tag" --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"; }

build_layout() {
  if [[ -f $OCI/.complete ]]; then log "images: cached in $OCI"; return; fi
  build_base_rootfs
  bash "$CLUSTER_DIR/build-coredns.sh"
  WORK=$(mktemp -d "$IMAGES/work.XXXXXX")
  LAYOUT=$WORK/oci
  umoci init --layout "$LAYOUT"

  # pause and coredns: one static binary each, on an empty rootfs
  log "image pause"
  (cd "$CLUSTER_DIR/pause" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$WORK/pause" .)
  umoci new --image "$LAYOUT:empty"
  unpack pause empty; install -m755 "$WORK/pause" "$(bundle pause)/rootfs/pause"; repack pause
  config pause --config.entrypoint /pause --config.user 65535:65535
  log "image coredns"
  unpack coredns empty; install -m755 "$COREDNS_BIN/coredns" "$(bundle coredns)/rootfs/coredns"; repack coredns
  config coredns --config.entrypoint /coredns --config.exposedports 53/udp --config.exposedports 53/tcp

  log "image base (debian $SUITE)"
  unpack base empty; cp -a "$BASE/." "$(bundle base)/rootfs/"; rm -f "$(bundle base)/rootfs/.complete"; repack base

  log "image python:3.9 (python3, curl)"
  unpack python base; apt_install "$(bundle python)/rootfs" python3 python-is-python3 curl ca-certificates netbase; repack python
  config python --config.env LANG=C.UTF-8 --config.cmd python3

  log "image redis:5.0.0 (Debian's redis-server)"
  unpack redis base; r=$(bundle redis)/rootfs
  apt_install "$r" redis-server
  install -m644 "$CLUSTER_DIR/images/redis/redis.conf" "$r/etc/redis/kubegrade.conf"
  install -m755 "$CLUSTER_DIR/images/redis/docker-entrypoint.sh" "$r/usr/local/bin/docker-entrypoint.sh"
  mkdir -p "$r/data"; in_chroot "$r" "chown redis:redis /data"
  repack redis
  config redis --config.entrypoint docker-entrypoint.sh --config.cmd redis-server --config.workingdir /data \
    --config.volume /data --config.exposedports 6379/tcp

  log "image kubegrade/flask-api:1.0 (python3-flask, python3-redis)"
  unpack flask-api base; r=$(bundle flask-api)/rootfs
  apt_install "$r" python3-flask python3-redis
  install -D -m644 "$CLUSTER_DIR/images/flask-api/app.py" "$r/app/app.py"
  repack flask-api
  config flask-api --config.env LANG=C.UTF-8 --config.env PYTHONUNBUFFERED=1 --config.workingdir /app \
    --config.cmd python3 --config.cmd /app/app.py --config.exposedports 5000/tcp

  umoci gc --layout "$LAYOUT"
  touch "$LAYOUT/.complete"
  rm -rf "$OCI"; mv "$LAYOUT" "$OCI"
  # older layouts are superseded by this one
  find "$IMAGES" -maxdepth 1 -name 'oci-*' ! -name "oci-$HASH" -exec rm -rf {} +
  log "images built in $OCI"
}

push() {
  local marker=$IMAGES/registry/.pushed-$HASH
  if [[ -f $marker ]]; then log "images: already in the registry ($HASH)"; return; fi
  for tag in "${!DEST[@]}"; do
    log "push $tag -> $REGISTRY_ADDR/${DEST[$tag]}"
    skopeo copy -q --dest-tls-verify=false "oci:$OCI:$tag" "docker://$REGISTRY_ADDR/${DEST[$tag]}"
  done
  for tag in "${!ALIAS[@]}"; do
    log "push $tag -> $REGISTRY_ADDR/${ALIAS[$tag]}"
    skopeo copy -q --dest-tls-verify=false "oci:$OCI:$tag" "docker://$REGISTRY_ADDR/${ALIAS[$tag]}"
  done
  rm -f "$IMAGES"/registry/.pushed-*; touch "$marker"
}

build_layout
[[ ${1:-} == push ]] && push
echo "$OCI"
