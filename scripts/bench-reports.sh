#!/usr/bin/env bash
# Times building each report template in each of its locales with the release binary (best of
# N runs, wall clock; includes reading input/, the charts' PNG/PDF files and the manifest) and
# prints the page counts. Usage: scripts/bench-reports.sh [runs]   (default 3)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
cd "$root"
swift build -c release >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for template in templates/*.yaml; do
    id="$(basename "$template" .yaml)"
    mkdir -p "$work/$id"
    cp "$template" "$work/$id/"
    [[ -d templates/shared ]] && cp -r templates/shared "$work/$id/"
    locales="$(grep -E '^\s*locales:' "$template" | sed -E 's/.*\[(.*)\].*/\1/; s/,/ /g' || true)"
    [[ -z "$locales" ]] && locales="$(grep -E '^\s*locale:' "$template" | awk '{print $2}' || true)"
    for locale in ${locales:-fi}; do
        best=""
        for ((i = 0; i < runs; i++)); do
            rm -rf "$work/out-$id-$locale"  # a clean build each time, not an incremental one
            start=$(date +%s%N)
            .build/release/vitality build --templates "$work/$id" --locale "$locale" --output "$work/out-$id-$locale" >/dev/null
            ms=$(( ($(date +%s%N) - start) / 1000000 ))
            if [[ -z "$best" || $ms -lt $best ]]; then best=$ms; fi
        done
        pdf="$(find "$work/out-$id-$locale" -name '*.pdf' -not -path '*/charts/*' | sort | head -1)"
        pages="$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')"
        echo "$(basename "$pdf"): $pages pages, ${best} ms (best of $runs)"
    done
done
