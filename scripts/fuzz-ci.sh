#!/usr/bin/env bash
# CI's short fuzz pass: builds every libFuzzer target (scripts/fuzz.sh) at -Onone, where Swift
# keeps its bounds, overflow and exclusivity checks and debug assertions, with AddressSanitizer,
# and runs each for FUZZ_CI_SECONDS (default 20) on a fresh corpus seeded from the repository's
# fixtures; the kept findings under Tests/*/Fixtures/fuzz/ are replayed first. Fails on the first
# crash, sanitizer report or broken invariant; the input is left in .build/fuzz-ci/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_CI_SECONDS:-20}"
export FUZZ_OPT=-Onone FUZZ_OUT=.build/fuzz-ci
rm -rf "$FUZZ_OUT/corpus" "$FUZZ_OUT/crashes"
started=$SECONDS
scripts/fuzz.sh build all
built=$SECONDS
for target in statistics px jsonstat xlsx indicators measures template logo; do
    log="$FUZZ_OUT/$target.log"
    status=0
    scripts/fuzz.sh "$target" "$seconds" >"$log" 2>&1 || status=$?
    grep -E '^(fuzz:|stat::number_of_executed_units|stat::average_exec_per_sec)' "$log" || true
    if [[ $status -ne 0 ]]; then
        tail -n 60 "$log" >&2
        echo "fuzz-ci: $target failed (status $status); the input is in $FUZZ_OUT/crashes/$target/" >&2
        exit 1
    fi
done
echo "fuzz-ci: built in $((built - started)) s, fuzzed in $((SECONDS - built)) s"
