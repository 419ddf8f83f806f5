#!/usr/bin/env bash
# Workbook reader benchmark: the first 1 048 575 data rows (a sheet's limit) of the scaled long
# file of /work/shared/bench/gen_data.py --scale (or the file given) as a CSV input folder and as
# the same rows in an Excel workbook, each read into a Dataset RUNS times (default 3, the two
# interleaved) with a release build; prints rows/s and peak RSS of both and the ratio of their
# times (of the medians, and round by round), then the sheet XML through the reader's scanner
# and through Foundation's XMLParser. Not part of `swift test`.
#
# With BEFORE=<another vitality-bench binary> (an earlier build), each round also reads the
# workbook with it, for before-and-after figures from the same run. With INSTRUCTIONS=1 the
# script also counts the instructions of one read of each folder (and of BEFORE's) under
# `valgrind --tool=callgrind` (about a minute each): a figure that does not drift with the
# machine's load, for comparing two builds of the reader.
#
#   scripts/bench-xlsx.sh [long-csv]
set -euo pipefail
cd "$(dirname "$0")/.."
csv="${1:-.build/bench-data/data/stats_long_large.csv}"
if [ ! -f "$csv" ]; then
    # As scripts/bench-peers.py makes it.
    python3 /work/shared/bench/gen_data.py --scale --out .build/bench-data/data >/dev/null
fi
if [ ! -x /usr/bin/time ]; then
    apt-get install -y time >/dev/null 2>&1 || sudo apt-get install -y time >/dev/null
fi
swift build --package-path Benchmarks -c release --product vitality-bench 2>&1 | grep -v "prohibited flag" | tail -1
bench=Benchmarks/.build/release/vitality-bench
work="${TMPDIR:-/tmp}/vitality-bench-xlsx"
rows=1048575
[ -f "$work/xlsx/statistics/long.xlsx" ] || "$bench" xlsx "$csv" "$rows" "$work/csv" "$work/xlsx"
formats=(csv xlsx)
[ -n "${BEFORE:-}" ] && formats+=(before)
: > "$work/walls.txt"
for _ in $(seq "${RUNS:-3}"); do
    for format in "${formats[@]}"; do
        binary="$bench"
        folder="$work/$format"
        if [ "$format" = before ]; then binary="$BEFORE"; folder="$work/xlsx"; fi
        /usr/bin/time -f "%e %M %U" -o "$work/time-$format.txt" "$binary" read "$folder" > "$work/out-$format.txt"
        read -r wall rss user < "$work/time-$format.txt"
        echo "$format $wall" >> "$work/walls.txt"
        python3 -c "import sys; w, k = float(sys.argv[2]), int(sys.argv[3]); print(f'{sys.argv[1]}: {int(sys.argv[4])} rows in {w:.2f} s = {int(sys.argv[4]) / w / 1e6:.2f} M rows/s (user CPU {float(sys.argv[5]):.2f} s), peak RSS {k / 1024:.0f} MB')" \
            "$format" "$wall" "$rss" "$rows" "$user"
    done
done
# The ratio the issue asks about, both ways: of the medians, and the median of each round's
# (the CSV reader's own time swings the second).
python3 - "$work/walls.txt" <<'PY'
import statistics, sys
walls = {}
for line in open(sys.argv[1]):
    name, wall = line.split()
    walls.setdefault(name, []).append(float(wall))
csv = walls["csv"]
for name in [n for n in walls if n != "csv"]:
    rounds = [w / c for w, c in zip(walls[name], csv)]
    print(f"{name}: median {statistics.median(walls[name]):.2f} s against CSV's {statistics.median(csv):.2f} s = "
          f"1/{statistics.median(walls[name]) / statistics.median(csv):.2f} of its rows/s; round by round "
          f"1/{min(rounds):.2f}–1/{max(rounds):.2f}, median 1/{statistics.median(rounds):.2f}")
PY
if [ -n "${INSTRUCTIONS:-}" ]; then
    command -v valgrind >/dev/null || apt-get install -y valgrind >/dev/null 2>&1 || sudo apt-get install -y valgrind >/dev/null
    for format in "${formats[@]}"; do
        binary="$bench"
        folder="$work/$format"
        if [ "$format" = before ]; then binary="$BEFORE"; folder="$work/xlsx"; fi
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$binary" read "$folder" 2>&1 >/dev/null \
            | awk -v f="$format" '/Collected/ {print f ": " $4 " instructions"}'
    done
fi
ls -l "$work/csv/statistics/long.csv" "$work/xlsx/statistics/long.xlsx" | awk '{print $5, $9}'
"$bench" xlsx-xml "$work/xlsx/statistics/long.xlsx"
echo "load: $(uptime)"
