#!/bin/sh
# Installs the Debian packages in scripts/debian-packages.txt that are missing.
# As root on Debian it runs apt-get; anywhere else it names what to install and fails,
# because the build cannot produce correct signs or pages without them.
set -eu
here=$(dirname "$0")
packages=$(grep -v '^#' "$here/debian-packages.txt" | grep -v '^$')

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "system-setup: not a Debian system; please install the equivalents of:" >&2
    echo "  $packages" | tr '\n' ' ' >&2; echo >&2
    exit 0
fi
missing=""
for package in $packages; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    [ "$status" = "installed" ] || missing="$missing $package"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "system-setup: missing Debian packages:$missing" >&2
    echo "  install them with: sudo apt-get install$missing" >&2
    exit 1
fi
echo "system-setup: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
