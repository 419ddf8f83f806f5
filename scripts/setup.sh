#!/usr/bin/env bash
# Installs the Debian packages Vitality needs, only when some are missing.
# Usage: scripts/setup.sh [--test]   (--test adds the tools the tests use)
set -euo pipefail
packages=(libcairo2-dev libpango1.0-dev fonts-dejavu-core pkg-config)
if [[ "${1:-}" == "--test" ]]; then
    packages+=(poppler-utils qpdf python3 python3-venv)
fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The PDF/UA checker the report tests run (PyPI `pdfua`), in .venv/ of the repository.
install_pdfua() {
    local root venv
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    venv="$root/.venv"
    if [[ -x "$venv/bin/python3" ]] && "$venv/bin/python3" -c "import pdfua" 2>/dev/null; then return; fi
    echo "Installing the PDF/UA checker (pdfua) into $venv"
    python3 -m venv "$venv"
    "$venv/bin/python3" -m pip install -q "pdfua==0.1.3"
}
if [[ ${#missing[@]} -eq 0 ]]; then
    if [[ "${1:-}" == "--test" ]]; then install_pdfua; fi
    exit 0
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
echo "Installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
if [[ "${1:-}" == "--test" ]]; then install_pdfua; fi
