#!/usr/bin/env bash
# Builds the JRE base image the operator and bridge images are layered on, without Docker or a container
# registry: a minimal Debian (bookworm) with openjdk-17-jre-headless, made by debootstrap from Debian's packages
# and saved in the `docker save` tarball format that Jib takes as a base (tar://...).
# Needs root and debootstrap. Output: target/images/jre-base.tar (kept between runs).
set -euo pipefail
cd "$(dirname "$0")/.."
out="$PWD/target/images/jre-base.tar"
[ -s "$out" ] && { echo "base image: $out (exists)"; exit 0; }
command -v debootstrap >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log"; exit 1; }
rm -rf "$work"/rootfs/usr/share/doc "$work"/rootfs/usr/share/man "$work"/rootfs/usr/share/locale \
  "$work"/rootfs/var/cache/apt/* "$work"/rootfs/var/lib/apt/lists/*
mkdir -p "$work/image"
tar --numeric-owner -C "$work/rootfs" -cf "$work/image/layer.tar" .
digest="$(sha256sum "$work/image/layer.tar" | cut -d' ' -f1)"
cat > "$work/image/config.json" <<JSON
{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64"]},"rootfs":{"type":"layers","diff_ids":["sha256:$digest"]}}
JSON
echo '[{"Config":"config.json","RepoTags":["iotjobs/jre-base:17"],"Layers":["layer.tar"]}]' > "$work/image/manifest.json"
mkdir -p "$(dirname "$out")"
tar -C "$work/image" -cf "$out.tmp" manifest.json config.json layer.tar
mv "$out.tmp" "$out"
echo "base image: $out"
