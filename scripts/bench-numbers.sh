#!/usr/bin/env bash
# Number writing benchmark: how figures.csv's numbers are written (ShortestDecimal and
# ByteWriter.appendDecimal) against Double.description, libdouble-conversion and fmt, in thread
# CPU time per number (Benchmarks/Sources/number-bench). Not part of `swift test` or CI.
#
#   scripts/bench-numbers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
missing=""
for package in libdouble-conversion-dev libfmt-dev; do
    dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
done
if [ -n "$missing" ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq && $sudo apt-get install -y -qq $missing >/dev/null
fi
swift build --package-path Benchmarks -c release --product number-bench 2>&1 | grep -v "prohibited flag" | tail -1
Benchmarks/.build/release/number-bench
