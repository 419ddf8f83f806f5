#!/bin/sh
# PNG encoder benchmark (issue 12): cairo's own writer against Vitality's libdeflate writer at
# several levels and filters on the same rasters of every gallery chart (release build,
# png-bench), then the same charts through libpng at several zlib levels and filters
# (scripts/bench-png-libs.c, needs libpng-dev and a C compiler). Medians of N runs (default 15)
# of the thread's CPU time, writers interleaved. Usage: scripts/bench-png.sh [N] [dpi]
set -eu
cd "$(dirname "$0")/.."
runs="${1:-15}"
dpi="${2:-150}"
# The benchmarks are a package of their own (Benchmarks/Package.swift).
swift build --package-path Benchmarks -c release --product png-bench >/dev/null
bench=Benchmarks/.build/release/png-bench
echo "# Vitality's writers on the same raster (png-bench $runs $dpi)"
"$bench" "$runs" "$dpi"
if pkg-config --exists libpng cairo libdeflate && command -v cc >/dev/null; then
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    "$bench" --write "$work/charts" "$dpi"
    cc -O2 -o "$work/bench-png-libs" scripts/bench-png-libs.c Sources/CPNGEncode/png_encode.c \
        -ISources/CPNGEncode/include $(pkg-config --cflags --libs cairo libpng libdeflate)
    echo
    echo "# libpng against libdeflate, in C (bench-png-libs -n $runs)"
    "$work/bench-png-libs" -n "$runs" "$work"/charts/*.png
fi
