#!/usr/bin/env bash
# Workaround for machines that run Docker but cannot reach Docker Hub: builds a LOCAL stand-in for the
# base image the Dockerfile names (node:20-bookworm-slim) from Debian's apt mirror and this machine's
# own Node 20 + npm, and imports it under that tag so `docker build -t tessera .` finds it.
#
#   sudo scripts/docker-offline-base.sh            # tag node:20-bookworm-slim, mirror deb.debian.org
#   MIRROR=http://my-mirror/debian sudo scripts/docker-offline-base.sh
#
# What it makes, like the official image: Debian bookworm (debootstrap --variant=minbase), node in
# /usr/local/bin, npm (+ npx) in /usr/local/lib/node_modules/npm, user `node` uid/gid 1000, CMD ["node"].
# Not the same bytes (no yarn/corepack, the host's npm version, no docker-entrypoint.sh): use the real
# image wherever Docker Hub or a registry mirror is reachable. Nothing in the product depends on this.
# Needs root, debootstrap (apt-get install -y debootstrap), docker, and node 20 on the PATH.
set -euo pipefail

TAG=${TAG:-node:20-bookworm-slim}
SUITE=${SUITE:-bookworm}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
LABEL=tessera.offline-base-stand-in

die() { echo "docker-offline-base: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "run as root (debootstrap and chroot need it)"
command -v debootstrap >/dev/null || die "debootstrap is missing: apt-get install -y debootstrap"
command -v docker >/dev/null || die "docker is missing"
NODE=$(command -v node) || die "node is missing"
NODE_VERSION=$("$NODE" -p 'process.versions.node')
case "$NODE_VERSION" in 20.*) ;; *) die "the host's node is $NODE_VERSION; the tag promises Node 20" ;; esac
# npm resolves to <npm dir>/bin/npm-cli.js
NPM_DIR=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
[ -f "$NPM_DIR/package.json" ] && [ -f "$NPM_DIR/bin/npx-cli.js" ] || die "cannot find npm's folder (got $NPM_DIR)"

# Never shadow a real image: replace only an earlier stand-in (or anything with FORCE=1).
if docker image inspect "$TAG" >/dev/null 2>&1; then
  if [ "$(docker image inspect -f "{{index .Config.Labels \"$LABEL\"}}" "$TAG")" != "true" ] && [ "${FORCE:-0}" != 1 ]; then
    die "$TAG already exists and is not a stand-in made by this script (FORCE=1 to replace it)"
  fi
fi

ROOTFS=$(mktemp -d /tmp/docker-offline-base.XXXXXX)
trap 'rm -rf "$ROOTFS"' EXIT

echo "debootstrap $SUITE from $MIRROR (minbase) into $ROOTFS"
debootstrap --variant=minbase "$SUITE" "$ROOTFS" "$MIRROR" >"$ROOTFS.log" 2>&1 || { tail -20 "$ROOTFS.log" >&2; die "debootstrap failed (log: $ROOTFS.log)"; }
rm -f "$ROOTFS.log"

echo "node $NODE_VERSION and npm $(node "$NPM_DIR/bin/npm-cli.js" --version 2>/dev/null | tail -1) from this machine"
install -m 0755 "$NODE" "$ROOTFS/usr/local/bin/node"
mkdir -p "$ROOTFS/usr/local/lib/node_modules"
cp -a "$NPM_DIR" "$ROOTFS/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$ROOTFS/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$ROOTFS/usr/local/bin/npx"
chroot "$ROOTFS" /usr/local/bin/node --version >/dev/null || die "node does not run inside the new root filesystem"

# The official image's user: node (1000:1000), home /home/node, bash.
chroot "$ROOTFS" groupadd --gid 1000 node
chroot "$ROOTFS" useradd --uid 1000 --gid node --shell /bin/bash --create-home node

# Slim down like the -slim images: no package caches or lists, no docs.
rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/*.bin "$ROOTFS"/var/cache/apt/archives/*.deb \
  "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/* "$ROOTFS"/tmp/* "$ROOTFS"/var/log/*.log
: >"$ROOTFS/etc/resolv.conf"

tar --numeric-owner -C "$ROOTFS" -c . | docker import \
  -c "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  -c "ENV NODE_VERSION=$NODE_VERSION" \
  -c "LABEL $LABEL=true" \
  -c 'CMD ["node"]' \
  -m "local stand-in for $TAG: debootstrap $SUITE minbase + host node $NODE_VERSION" - "$TAG" >/dev/null
echo "imported $TAG ($(docker image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%.0f MB", $1/1e6}'))"
