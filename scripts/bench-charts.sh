#!/bin/sh
# Times layout, PNG (150 dpi) and PDF rendering of every chart type, release build, median of
# N runs (default 20). Prints CSV: chart,layout_ms,png_ms,pdf_ms.
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product vitality >/dev/null
.build/release/vitality gallery --benchmark "${1:-20}" --dpi 150
