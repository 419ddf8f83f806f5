#!/bin/sh
# Renders an example of every chart type into docs/gallery (PNG at 150 dpi and the CSV of
# numbers beside each), from generated figures. Usage: scripts/gallery.sh [extra vitality gallery options]
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product vitality >/dev/null
rm -f docs/gallery/*.png docs/gallery/*.csv
.build/release/vitality gallery --output docs/gallery --dpi 150 "$@"
