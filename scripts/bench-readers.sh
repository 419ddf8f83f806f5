#!/usr/bin/env bash
# Reader benchmark: generates ~200 MB input folders (long layout, the same sorted by year first,
# PX-Web wide in UTF-8 and in Windows-1252), reads each into a Dataset with a release build, and
# reports MB/s (time inside the reader) and the whole process (wall time and peak RSS from
# /usr/bin/time, median of RUNS=5 runs). Not part of `swift test` or CI.
#
#   scripts/bench-readers.sh [megabytes]    # default 200
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes="${1:-200}"
if [ ! -x /usr/bin/time ]; then
    apt-get install -y time >/dev/null 2>&1 || sudo apt-get install -y time >/dev/null
fi
# The benchmarks are a package of their own (Benchmarks/Package.swift), with SwiftCSV and CSV.swift.
swift build --package-path Benchmarks -c release --product vitality-bench 2>&1 | grep -v "prohibited flag" | tail -1
bench=Benchmarks/.build/release/vitality-bench
work="${TMPDIR:-/tmp}/vitality-bench"
runs="${RUNS:-5}"
for layout in long long-by-year wide wide-1252; do
    folder="$work/$layout-$megabytes"
    if [ "$layout" = long-by-year ] && [ ! -d "$folder" ]; then
        # The same rows sorted by year first: every row starts a run of its own in the store.
        mkdir -p "$folder/statistics"
        cp "$work/long-$megabytes/indicators.csv" "$work/long-$megabytes/measures.csv" "$folder/"
        { head -1 "$work/long-$megabytes/statistics/long.csv"
          tail -n +2 "$work/long-$megabytes/statistics/long.csv" | sort -t';' -k4,4 -s -S 1G; } > "$folder/statistics/long.csv"
    fi
    if [ "$layout" = wide-1252 ] && [ ! -d "$folder" ]; then
        # The same PX-Web table saved as Windows-1252, as PX-Web's "semicolon with heading" export comes.
        mkdir -p "$folder/statistics"
        cp "$work/wide-$megabytes/indicators.csv" "$work/wide-$megabytes/measures.csv" "$folder/"
        iconv -f UTF-8 -t WINDOWS-1252 "$work/wide-$megabytes/statistics/wide.csv" > "$folder/statistics/wide.csv"
    fi
    [ -d "$folder" ] || "$bench" generate "$layout" "$folder" "$megabytes"
    size=$(stat -c %s "$folder"/statistics/*.csv)
    cat "$folder"/statistics/*.csv > /dev/null    # warm the page cache
    : > "$work/runs-$layout.txt"
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e %M" -o "$work/time-$layout.txt" "$bench" read "$folder" > "$work/out-$layout.txt"
        cat "$work/time-$layout.txt" >> "$work/runs-$layout.txt"
    done
    tail -1 "$work/out-$layout.txt"
    python3 - "$layout" "$size" "$work/runs-$layout.txt" <<'PY'
import statistics, sys
layout, size, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
runs = [tuple(float(x) for x in line.split()) for line in open(path) if line.strip()]
walls = sorted(r[0] for r in runs)
rss = max(r[1] for r in runs) * 1024
mb = size / 1e6
median = statistics.median(walls)
print(f"{layout}: whole process, {len(runs)} runs: {mb:.1f} MB in {median:.2f} s median = {mb / median:.0f} MB/s "
      f"(range {mb / walls[-1]:.0f}–{mb / walls[0]:.0f} MB/s); peak RSS {rss / 1e6:.0f} MB = {rss / size:.2f} × file")
PY
done
# The library candidates on the first 20 MB of the long file (they are too slow for 200 MB).
head -c 20000000 "$work/long-$megabytes/statistics/long.csv" > "$work/long-20.csv"
"$bench" swiftcsv "$work/long-20.csv"
"$bench" csvswift "$work/long-20.csv"
