#!/bin/sh
# The Swift format check CI runs: every file listed in scripts/formatted-files.txt must pass
# `swift format lint --strict` with the repository's .swift-format. The whole tree is not yet
# formatted (about 1 900 findings), so files join the list as they are touched: format one with
#   swift format format -i --configuration .swift-format FILE
# and add its path to the list. Usage: scripts/lint.sh
set -eu
cd "$(dirname "$0")/.."
list=scripts/formatted-files.txt
missing=0
while IFS= read -r file; do
    [ -n "$file" ] || continue
    if [ ! -f "$file" ]; then
        echo "lint: $file is listed in $list but does not exist" >&2
        missing=1
    fi
done < "$list"
[ "$missing" -eq 0 ] || exit 1
# shellcheck disable=SC2046
swift format lint --strict --parallel --configuration .swift-format $(grep -v '^$' "$list")
echo "lint: $(grep -c . "$list") files formatted"
