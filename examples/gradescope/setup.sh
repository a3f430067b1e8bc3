#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image
# (Ubuntu; the Autograder Specifications,
# https://gradescope-autograders.readthedocs.io/en/latest/specs/). It
# installs Node.js 24 and kubegrade; run_autograder then grades each
# submission.
#
# kubegrade from: a packed kubegrade-*.tgz in the autograder zip (npm pack in
# a clone of kubegrade's repository) when there is one, else the npm registry.
set -euo pipefail
source_dir=${AUTOGRADER_ROOT:-/autograder}/source

apt-get update
apt-get install -y --no-install-recommends ca-certificates curl xz-utils

# Node.js 24 from nodejs.org's official Linux build.
if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 22 ]; then
  arch=$(uname -m); case "$arch" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; esac
  version=$(curl -fsSL https://nodejs.org/dist/latest-v24.x/SHASUMS256.txt | sed -n "s/.*node-\(v24[0-9.]*\)-linux-$arch.tar.xz$/\1/p" | head -1)
  curl -fsSL "https://nodejs.org/dist/$version/node-$version-linux-$arch.tar.xz" | tar -xJ -C /usr/local --strip-components=1
fi
node --version

package=$(ls "$source_dir"/kubegrade-*.tgz 2>/dev/null | head -1 || true)
npm install --global --no-audit --no-fund "${package:-kubegrade}"
kubegrade --version
