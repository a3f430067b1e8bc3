#!/bin/sh
# Entrypoint of the test cluster's redis:5.0.0 image, modelled on the official
# image's: `redis-server` (or bare options such as `--appendonly yes`) starts
# Redis with /etc/redis/kubegrade.conf plus those options, as user redis, after
# handing /data to that user.
set -e
case "$1" in
  -*) set -- redis-server "$@" ;;
esac
if [ "$1" = redis-server ]; then
  shift
  case "$1" in
    *.conf) ;;  # the caller's own config file
    *) set -- /etc/redis/kubegrade.conf "$@" ;;
  esac
  set -- redis-server "$@"
  if [ "$(id -u)" = 0 ]; then
    find /data \! -user redis -exec chown redis:redis '{}' + 2>/dev/null || true
    exec setpriv --reuid=redis --regid=redis --init-groups "$@"
  fi
fi
exec "$@"
