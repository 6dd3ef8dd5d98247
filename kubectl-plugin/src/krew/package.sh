#!/bin/sh
# Packs the launcher and the jar into the release archive and writes the krew manifest for it.
#   package.sh LAUNCHER JAR VERSION URI OUTDIR
# OUTDIR gets kubectl-iotjobs.tar.gz and iotjobs.yaml (the manifest, with the archive's sha256).
set -eu
launcher=$1 jar=$2 version=$3 uri=$4 out=$5
here=$(dirname "$0")
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp "$launcher" "$staging/kubectl-iotjobs"
cp "$jar" "$staging/kubectl-iotjobs.jar"
chmod 755 "$staging/kubectl-iotjobs"
chmod 644 "$staging/kubectl-iotjobs.jar"
mkdir -p "$out"
tar -C "$staging" -czf "$out/kubectl-iotjobs.tar.gz" kubectl-iotjobs kubectl-iotjobs.jar
sha=$(sha256sum "$out/kubectl-iotjobs.tar.gz" | cut -d' ' -f1)
sed -e "s|@VERSION@|$version|" -e "s|@URI@|$uri|" -e "s|@SHA256@|$sha|" "$here/iotjobs.yaml" > "$out/iotjobs.yaml"
