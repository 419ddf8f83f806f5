#!/usr/bin/env bash
# PC-Axis and JSON-stat reader benchmark: the long CSV of `gen_data.py --scale` (4.6 M rows:
# 308 areas × 500 indicators × 30 years) and the same rows written as one PC-Axis table (STUB
# Alue, Tiedot; HEADING Vuosi; an empty cell as "..") and as one JSON-stat 2.0 dataset (value
# array, null with status ".."), each read into a Dataset by a release build. Reports
# rows per second (time inside the reader) and the whole process's wall time and peak RSS from
# /usr/bin/time, median of RUNS=3 runs; then the JSON-stat file with a CSV read after it that
# repeats 1 000 of its last cells with other values (json-dup: the duplicates' errors name the
# cells' lines, so the JSON-stat file is read once more); then Foundation's JSONDecoder decoding
# the JSON-stat file alone (why the reader scans JSON itself). Not part of `swift test` or CI.
#
#   scripts/bench-px.sh [stats_long_large.csv]
set -euo pipefail
cd "$(dirname "$0")/.."
source="${1:-.build/bench-data/data/stats_long_large.csv}"
if [ ! -f "$source" ]; then
    # As scripts/bench-peers.py makes it.
    python3 /work/shared/bench/gen_data.py --scale --out .build/bench-data/data >/dev/null
fi
# Absolute, for the link below.
source="$(realpath "$source")"
swift build --package-path Benchmarks -c release --product vitality-bench 2>&1 | grep -v "prohibited flag" | tail -1
bench=Benchmarks/.build/release/vitality-bench
work="${TMPDIR:-/tmp}/vitality-bench-px"
runs="${RUNS:-3}"
mkdir -p "$work/csv/statistics" "$work/px/statistics" "$work/json/statistics" "$work/json-dup/statistics"
for folder in csv px json json-dup; do
    printf 'id,label_fi,unit\nindicator_0000,Indikaattori 0,kpl\n' > "$work/$folder/indicators.csv"
    printf 'id;teema;toimenpide;tila\nA-1;Asuminen;Tontit;Valmis\n' > "$work/$folder/measures.csv"
done
[ -e "$work/csv/statistics/long.csv" ] || ln -s "$source" "$work/csv/statistics/long.csv"
[ -s "$work/px/statistics/long.px" ] || python3 - "$source" "$work/px/statistics/long.px" <<'PY'
import sys
# gen_data.py writes the rows area by area, indicator by indicator, year by year: two passes,
# the first collecting the variables' values, the second writing the values in that order.
source, target = sys.argv[1], sys.argv[2]
areas, indicators, years = {}, {}, {}
with open(source, encoding="utf-8") as f:
    next(f)
    for line in f:
        code, name, _, indicator, year, _ = line.rstrip("\n").split(",")
        areas.setdefault(code, name)
        indicators.setdefault(indicator, None)
        years.setdefault(year, None)
def listing(items):
    return ",\n".join(",".join(f'"{x}"' for x in items[i:i + 10]) for i in range(0, len(items), 10))
codes, names, ids, ys = list(areas), list(areas.values()), list(indicators), list(years)
expected = ((a, i, y) for a in codes for i in ids for y in ys)
count = 0
with open(source, encoding="utf-8") as f, open(target, "w", encoding="utf-8") as out:
    out.write('CHARSET="ANSI";\nAXIS-VERSION="2013";\nCODEPAGE="utf-8";\nLANGUAGE="fi";\nDECIMALS=1;\n')
    out.write('CONTENTS="Generated benchmark table";\nSTUB="Alue","Tiedot";\nHEADING="Vuosi";\nCONTVARIABLE="Tiedot";\n')
    out.write(f'VALUES("Alue")={listing(names)};\nVALUES("Tiedot")={listing(ids)};\nVALUES("Vuosi")={listing(ys)};\n')
    out.write(f'TIMEVAL("Vuosi")=TLIST(A1),{listing(ys)};\nCODES("Alue")={listing(["KU" + c if len(c) == 3 else c for c in codes])};\nDATA=\n')
    next(f)
    line_values = []
    for line in f:
        code, _, _, indicator, year, value = line.rstrip("\n").split(",")
        assert next(expected) == (code, indicator, year), "the rows are not a full cube in order"
        line_values.append(value or '".."')
        count += 1
        if len(line_values) == len(ys):
            out.write(" ".join(line_values) + "\n")
            line_values = []
    assert count == len(codes) * len(ids) * len(ys) and not line_values
    out.write(";\n")
print(f"wrote {target}: {count} cells")
PY
[ -s "$work/json/statistics/long.json" ] || python3 - "$work/px/statistics/long.px" "$work/json/statistics/long.json" <<'PY'
import json, re, sys
# The PC-Axis file just written, as JSON-stat: its VALUES and CODES lists, then DATA streamed.
source, target = sys.argv[1], sys.argv[2]
text = open(source, encoding="utf-8").read()
head, data = text.split("DATA=\n", 1)
def values(keyword):
    body = re.search(keyword + r'=(.*?);\n', head, re.S).group(1)
    return re.findall(r'"([^"]*)"', body)
names, ids, years, codes = values(r'VALUES\("Alue"\)'), values(r'VALUES\("Tiedot"\)'), values(r'VALUES\("Vuosi"\)'), values(r'CODES\("Alue"\)')
dimension = {
    "Alue": {"label": "Alue", "category": {"index": {c: i for i, c in enumerate(codes)}, "label": dict(zip(codes, names))}},
    "Tiedot": {"label": "Tiedot", "category": {"index": ids, "label": {i: i for i in ids}}},
    "Vuosi": {"label": "Vuosi", "category": {"index": years}},
}
with open(target, "w", encoding="utf-8") as out:
    out.write('{"class":"dataset","version":"2.0","label":"Generated benchmark table","id":["Alue","Tiedot","Vuosi"],')
    out.write(f'"size":[{len(codes)},{len(ids)},{len(years)}],"dimension":{json.dumps(dimension, ensure_ascii=False)},')
    out.write('"role":{"time":["Vuosi"],"metric":["Tiedot"]},"status":"..","value":[')
    first = True
    for line in data.splitlines():
        for token in line.rstrip(";").split():
            out.write(("" if first else ",") + ("null" if token == '".."' else token))
            first = False
    out.write("]}\n")
print(f"wrote {target}")
PY
[ -e "$work/json-dup/statistics/long.json" ] || ln -s "$work/json/statistics/long.json" "$work/json-dup/statistics/long.json"
[ -s "$work/json-dup/statistics/z_dup.csv" ] || python3 - "$source" "$work/json-dup/statistics/z_dup.csv" <<'PY'
import collections, sys
# The last 1 000 rows with a value, each value plus 1: read after long.json, every row repeats
# one of its cells near the end of `value` with another value.
source, target = sys.argv[1], sys.argv[2]
with open(source, encoding="utf-8") as f:
    header = next(f)
    last = collections.deque((line for line in f if not line.rstrip("\n").endswith(",")), maxlen=1000)
with open(target, "w", encoding="utf-8") as out:
    out.write(header)
    for line in last:
        *fields, value = line.rstrip("\n").split(",")
        out.write(",".join(fields + [str(float(value) + 1) if "." in value else str(int(value) + 1)]) + "\n")
PY
rows=$(( $(wc -l < "$source") - 1 ))
for folder in csv px json json-dup; do
    size=$(cat "$work/$folder"/statistics/* | wc -c)    # (and warm the page cache)
    : > "$work/runs-$folder.txt"
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e %M" -o "$work/time-$folder.txt" "$bench" read "$work/$folder" > "$work/out-$folder.txt"
        paste -d' ' "$work/time-$folder.txt" <(sed -E 's/.* in ([0-9.]+) s:.*/\1/' "$work/out-$folder.txt") >> "$work/runs-$folder.txt"
    done
    tail -1 "$work/out-$folder.txt"
    python3 - "$folder" "$size" "$rows" "$work/runs-$folder.txt" <<'PY'
import statistics, sys
folder, size, rows, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
runs = [tuple(float(x) for x in line.split()) for line in open(path) if line.strip()]
reader = statistics.median(r[2] for r in runs)
wall = statistics.median(r[0] for r in runs)
rss = max(r[1] for r in runs) * 1024
print(f"{folder}: {rows / 1e6:.2f} M rows, file {size / 1e6:.0f} MB; reader {reader:.2f} s median = {rows / reader / 1e6:.2f} M rows/s; "
      f"process {wall:.2f} s; peak RSS {rss / 1e6:.0f} MB ({len(runs)} runs)")
PY
done
# The library candidate for JSON-stat, Foundation's JSONDecoder, only decoding the same file.
"$bench" jsondecoder "$work/json/statistics/long.json"
uptime
