#!/usr/bin/env bash
# Builds the libFuzzer target for the CSV tokenizer and the statistics, measures and indicator
# readers (Fuzz/FuzzReaders.swift) with address sanitizer, and runs it on a seed corpus made of
# the CSV fixtures kept in the repository. Not part of `swift test` or CI's default run.
#
#   scripts/fuzz.sh [seconds]        # default 300; crashes are written to .build/fuzz/crashes/
#
# The modules are compiled with swiftc directly (SwiftPM's executable targets bring their own
# `main`, which clashes with libFuzzer's).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
out=.build/fuzz
mkdir -p "$out/corpus" "$out/crashes"
flags=(-sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6 -I "$out")

swiftc "${flags[@]}" -wmo -module-name VitalityModel -emit-module -emit-module-path "$out/VitalityModel.swiftmodule" \
    -c Sources/VitalityModel/*.swift -o "$out/VitalityModel.o"
swiftc "${flags[@]}" -enable-testing -wmo -module-name VitalityData -emit-module -emit-module-path "$out/VitalityData.swiftmodule" \
    -c Sources/VitalityData/*.swift -o "$out/VitalityData.o"
swiftc "${flags[@]}" -module-name VitalityFuzz Fuzz/FuzzReaders.swift "$out/VitalityModel.o" "$out/VitalityData.o" \
    -o "$out/vitality-fuzz" 2> >(grep -v "Cannot export local symbol" >&2)

find Tests input -name '*.csv' -size -64k -exec cp {} "$out/corpus/" \; 2>/dev/null || true
"$out/vitality-fuzz" "$out/corpus" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
    -artifact_prefix="$out/crashes/" -print_final_stats=1
