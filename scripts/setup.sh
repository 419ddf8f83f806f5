#!/usr/bin/env bash
# Installs the Debian packages Vitality needs, only when some are missing.
# Usage: scripts/setup.sh [--test]   (--test adds the tools the tests use)
set -euo pipefail
packages=(libcairo2-dev libpango1.0-dev fonts-dejavu-core pkg-config)
if [[ "${1:-}" == "--test" ]]; then
    packages+=(poppler-utils qpdf)
fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
echo "Installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
