#!/usr/bin/env bash
# Incremental and parallel builds with the release binary on the shipped input and templates
# (copied to a scratch folder): a full build, a rebuild with nothing changed, rebuilds after one
# value changed (Orivesi's population in 2021, which moves the region's vitality index and
# median and so most charts; Orivesi's completed dwellings in 2021, shown in few outputs), and
# the 23 municipality profiles alone with --jobs 1 and --jobs 2. Each is the median of N runs (wall clock, whole process) with the
# largest peak resident memory of those runs and the files written, as the summary line says.
# Usage: scripts/bench-builds.sh [runs]   (default 5)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
cd "$root"
swift build -c release --product vitality >/dev/null 2>&1
vitality="$root/.build/release/vitality"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r input "$work/input"
cp -r templates "$work/templates"
population="$work/input/statistics/vaesto_ja_muutto.csv"
grep -q '^KU562,Orivesi,Väkiluku,2021,' "$population"
economy="$work/input/statistics/talous_ja_koulutus.csv"
grep -q '^KU562;Orivesi;Valmistuneet asunnot;2021;' "$economy"

# measure NAME PREPARE COMMAND…: runs PREPARE (untimed) then COMMAND, `runs` times.
measure() {
    local name="$1" prepare="$2"
    shift 2
    local times=() peak=0 summary=""
    for ((i = 0; i < runs; i++)); do
        eval "$prepare"
        local out
        out="$(/usr/bin/time -f 'TIME %e %M' "$@" 2>&1 >"$work/stdout")"
        local line
        line="$(grep '^TIME ' <<<"$out")"
        times+=("$(awk '{print $2}' <<<"$line")")
        local kib
        kib="$(awk '{print $3}' <<<"$line")"
        (( kib > peak )) && peak=$kib
        summary="$(tail -1 "$work/stdout")"
    done
    local median
    median="$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}')"
    printf '%-34s %6s s  %4d MiB  %s\n' "$name" "$median" "$((peak / 1024))" "$summary"
}

build=("$vitality" build --input "$work/input" --templates "$work/templates")
value=9100
change_value() {
    value=$(( value == 9100 ? 9101 : 9100 ))
    sed -i "s/^KU562,Orivesi,Väkiluku,2021,.*/KU562,Orivesi,Väkiluku,2021,$value/" "$population"
}
dwellings=40
change_dwellings() {
    dwellings=$(( dwellings == 40 ? 41 : 40 ))
    sed -i "s/^KU562;Orivesi;Valmistuneet asunnot;2021;.*/KU562;Orivesi;Valmistuneet asunnot;2021;$dwellings/" "$economy"
}

echo "$(nproc) cores; median of $runs runs"
measure "full build (all templates)" 'rm -rf "$work/out"' "${build[@]}" --output "$work/out"
measure "no-change rebuild" ':' "${build[@]}" --output "$work/out"
measure "one-value-change rebuild" 'change_value' "${build[@]}" --output "$work/out"
measure "one-value-change (dwellings)" 'change_dwellings' "${build[@]}" --output "$work/out"
measure "23 profiles, --jobs 1" 'rm -rf "$work/p1"' "${build[@]}" kuntaprofiili --jobs 1 --output "$work/p1"
measure "23 profiles, --jobs 2" 'rm -rf "$work/p2"' "${build[@]}" kuntaprofiili --jobs 2 --output "$work/p2"
measure "full build, --jobs 1" 'rm -rf "$work/f1"' "${build[@]}" --jobs 1 --output "$work/f1"
measure "check (all templates)" ':' "$vitality" check --input "$work/input" --templates "$work/templates"
