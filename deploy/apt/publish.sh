#!/bin/sh
# Publish kiosk packages to the county's apt repository with reprepro:
#   deploy/apt/publish.sh /srv/apt var/deb/kiosk_0.2.0_amd64.deb [...]
# The first run sets up the repository's conf/ from deploy/apt/conf. Serve /srv/apt's dists/ and pool/ over
# HTTPS (any web server). Terminals take the new version in their maintenance window (unattended-upgrades).
# Older versions stay in the pool only until replaced: keep the previous .deb files to roll back with
# `apt-get install kiosk=VERSION` or `dpkg -i`.
set -eu

if [ $# -lt 2 ]; then
    echo "usage: $0 REPOSITORY_DIR PACKAGE.deb..." >&2
    exit 2
fi
repo=$1
shift
here=$(dirname "$0")
if [ ! -e "$repo/conf/distributions" ]; then
    mkdir -p "$repo/conf"
    cp "$here/conf/distributions" "$here/conf/options" "$repo/conf/"
fi
codename=$(sed -n 's/^Codename: *//p' "$repo/conf/distributions" | head -n 1)
for deb in "$@"; do
    reprepro -b "$repo" includedeb "$codename" "$deb"
done
reprepro -b "$repo" list "$codename"
