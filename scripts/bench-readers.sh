#!/usr/bin/env bash
# Reader benchmark: generates ~200 MB input folders (long layout and PX-Web wide), reads each
# into a Dataset with a release build, and reports MB/s (time inside the reader) and the whole
# process (wall time, peak RSS from /usr/bin/time -v). Not part of `swift test` or CI.
#
#   scripts/bench-readers.sh [megabytes]    # default 200
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes="${1:-200}"
if [ ! -x /usr/bin/time ]; then
    apt-get install -y time >/dev/null 2>&1 || sudo apt-get install -y time >/dev/null
fi
swift build -c release --product vitality-bench 2>&1 | grep -v "prohibited flag" | tail -1
bench=.build/release/vitality-bench
work="${TMPDIR:-/tmp}/vitality-bench"
for layout in long wide; do
    folder="$work/$layout-$megabytes"
    [ -d "$folder" ] || "$bench" generate "$layout" "$folder" "$megabytes"
    size=$(stat -c %s "$folder"/statistics/*.csv)
    cat "$folder"/statistics/*.csv > /dev/null    # warm the page cache
    /usr/bin/time -v "$bench" read "$folder" 2> "$work/time-$layout.txt"
    wall=$(grep "Elapsed (wall clock)" "$work/time-$layout.txt" | awk '{print $NF}')
    rss=$(grep "Maximum resident set size" "$work/time-$layout.txt" | awk '{print $NF}')
    python3 - "$layout" "$size" "$wall" "$rss" <<'PY'
import sys
layout, size, wall, rss = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
parts = [float(p) for p in wall.split(":")]
seconds = parts[-1] + (parts[-2] * 60 if len(parts) > 1 else 0) + (parts[-3] * 3600 if len(parts) > 2 else 0)
mb = size / 1e6
print(f"{layout}: whole process {mb:.1f} MB in {seconds:.2f} s = {mb / seconds:.0f} MB/s, peak RSS {rss / 1024:.0f} MB = {rss * 1024 / size:.2f} × file")
PY
done
# The library candidate on the first 20 MB of the long file (it is too slow for 200 MB).
head -c 20000000 "$work/long-$megabytes/statistics/long.csv" > "$work/long-20.csv"
"$bench" swiftcsv "$work/long-20.csv"
