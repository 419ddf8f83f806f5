#!/usr/bin/env bash
# Builds libFuzzer targets for the readers of user files with AddressSanitizer and runs them on
# seed corpora made of the repository's fixtures. Not part of `swift test`; CI runs a short pass
# of every target through scripts/fuzz-ci.sh.
#
#   scripts/fuzz.sh TARGET [SECONDS]   # default 300 s; TARGET is one of
#       statistics   CSV tokenizer, decoding, statistics/measures/indicator readers, streaming
#                    and slice-by-slice readers (Fuzz/FuzzReaders.swift)
#       px           PC-Axis files through PXReader, from memory and from a file (Fuzz/FuzzPX.swift)
#       jsonstat     JSON-stat datasets through JSONStatReader (Fuzz/FuzzJSONStat.swift)
#       indicators   indicators.csv through IndicatorTableReader (Fuzz/FuzzIndicators.swift)
#       measures     the measures sheet through MeasuresReader (Fuzz/FuzzMeasures.swift)
#       template     template YAML through Yams and TemplateParser, composed against the
#                    sample data (Fuzz/FuzzTemplate.swift)
#       logo         logo PNG: ReportLogo's header reading and cairo's PNG decoding through
#                    the renderer (Fuzz/FuzzLogo.swift)
#       xlsx         Excel workbooks: malformed ZIP archives, sheet XML, shared strings and
#                    styles through the workbook readers (Fuzz/FuzzWorkbook.swift)
#       all          each of the above in turn, SECONDS each
#   scripts/fuzz.sh build TARGET|all   # only build
#   scripts/fuzz.sh SECONDS            # the statistics target (the script's former usage)
#
# Environment: FUZZ_OPT (-O, default, or -Onone), FUZZ_OUT (default .build/fuzz; objects in
# $FUZZ_OUT/obj$FUZZ_OPT, corpora in $FUZZ_OUT/corpus/TARGET, crashes in
# $FUZZ_OUT/crashes/TARGET/), FUZZ_ARGS (more libFuzzer options).
#
# The modules are compiled with swiftc (and Yams's C part with the toolchain's clang) directly:
# SwiftPM's executable targets bring their own `main`, which clashes with libFuzzer's. A module
# is recompiled only when one of its sources or dependencies is newer than its object file
# (after changing this script's flags, delete $FUZZ_OUT/obj*). Builds into one folder wait for
# each other.
set -euo pipefail
cd "$(dirname "$0")/.."

targets_all=(statistics px jsonstat xlsx indicators measures template logo)
mode=run
if [[ "${1:-}" == build ]]; then mode=build; shift; fi
target="${1:-statistics}"
if [[ "$target" =~ ^[0-9]+$ ]]; then set -- statistics "$target"; target=statistics; fi
seconds="${2:-300}"
case "$target" in
    all) selected=("${targets_all[@]}") ;;
    statistics | px | jsonstat | xlsx | indicators | measures | template | logo) selected=("$target") ;;
    *) echo "usage: scripts/fuzz.sh [build] statistics|px|jsonstat|xlsx|indicators|measures|template|logo|all [SECONDS]" >&2; exit 2 ;;
esac

opt="${FUZZ_OPT:--O}"
out="${FUZZ_OUT:-.build/fuzz}"
obj="$out/obj$opt"
clang_opt=-O2
[[ "$opt" == -Onone ]] && clang_opt=-O0
mkdir -p "$obj"
bin=/opt/swift/usr/bin
swiftc="$(command -v swiftc || echo "$bin/swiftc")"
clang="$(dirname "$(readlink -f "$swiftc")")/clang"
[[ -x "$clang" ]] || clang="$(command -v clang)"

yams=.build/checkouts/Yams/Sources
zipfoundation=.build/checkouts/ZIPFoundation/Sources
if [[ ! -d "$yams/CYaml" || ! -d "$zipfoundation/CZLib" ]]; then
    swift package resolve >/dev/null
fi

# Line tables are enough for stack traces; with full -g at -Onone the driver also "wraps" the
# module into the object file it was told to write, and stops on two producers of one output.
swift_flags=(-package-name Vitality -sanitize=fuzzer,address -parse-as-library "$opt" -gline-tables-only -swift-version 6 -I "$obj")
read -r -a cairo_cflags <<<"$(pkg-config --cflags cairo pangocairo)"
read -r -a cairo_libs <<<"$(pkg-config --libs cairo pangocairo)"
cairo_xcc=()
for flag in "${cairo_cflags[@]}"; do cairo_xcc+=(-Xcc "$flag"); done

# stale OUTPUT INPUT...: true when OUTPUT is missing or older than any input.
stale() {
    local output="$1"
    shift
    [[ ! -e "$output" ]] || [[ -n "$(find "$@" -newer "$output" -print -quit)" ]]
}

# swift_module NAME "DEPENDENCY..." EXTRA-FLAGS... -- SOURCES...
swift_module() {
    local name="$1" deps="$2"
    shift 2
    local extra=()
    while [[ "$1" != -- ]]; do extra+=("$1"); shift; done
    shift
    local inputs=("$@") dep
    for dep in $deps; do inputs+=("$obj/$dep.o"); done
    if stale "$obj/$name.o" "${inputs[@]}"; then
        echo "fuzz: compiling $name ($opt)" >&2
        "$swiftc" "${swift_flags[@]}" "${extra[@]}" -wmo -module-name "$name" -emit-module \
            -emit-module-path "$obj/$name.swiftmodule" -c "$@" -o "$obj/$name.o"
    fi
}

cyaml() {
    local source objects=()
    for source in "$yams"/CYaml/src/*.c; do
        local object="$obj/CYaml-$(basename "$source" .c).o"
        if stale "$object" "$source" "$yams"/CYaml/include; then
            echo "fuzz: compiling $source" >&2
            "$clang" -fsanitize=fuzzer-no-link,address "$clang_opt" -g -DYAML_DECLARE_STATIC \
                -I "$yams/CYaml/include" -I "$yams/CYaml/src" -c "$source" -o "$object"
        fi
        objects+=("$object")
    done
    # One archive so that the link line stays the same whatever the file names.
    if stale "$obj/CYaml.a" "${objects[@]}"; then
        rm -f "$obj/CYaml.a"
        ar rcs "$obj/CYaml.a" "${objects[@]}"
    fi
}

build_modules() {
    swift_module VitalityModel "" -- Sources/VitalityModel/*.swift
    # ZIPFoundation (Swift 5 language mode, as its manifest says) over zlib, for the workbook reader.
    swift_module ZIPFoundation "" -swift-version 5 -Xcc -D_GNU_SOURCE=1 -I "$zipfoundation/CZLib" -- "$zipfoundation"/ZIPFoundation/*.swift
    local data_sources
    mapfile -t data_sources < <(find Sources/VitalityData -name '*.swift' | LC_ALL=C sort)
    swift_module VitalityData "VitalityModel ZIPFoundation" -enable-testing -I "$zipfoundation/CZLib" -I Sources/CISAL -I Sources/CLibDeflate -- "${data_sources[@]}"
    [[ "$1" == data ]] && return
    swift_module VitalityScene "" -- Sources/VitalityScene/*.swift
    swift_module VitalityAnalysis "VitalityModel" -- Sources/VitalityAnalysis/*.swift
    swift_module VitalityCharts "VitalityModel VitalityScene" -- Sources/VitalityCharts/*.swift
    cyaml
    swift_module Yams "" -DSWIFT_PACKAGE -Xcc -DYAML_DECLARE_STATIC -I "$yams/CYaml/include" -- "$yams"/Yams/*.swift
    # The report module's files are in folders by job (Document/, Blocks/, Template/ …).
    local report_sources
    mapfile -t report_sources < <(find Sources/VitalityReport -name '*.swift' | LC_ALL=C sort)
    swift_module VitalityReport "VitalityModel VitalityAnalysis VitalityCharts VitalityScene Yams" \
        -I "$yams/CYaml/include" -- "${report_sources[@]}"
    [[ "$1" == report ]] && return
    cpngencode
    swift_module VitalityRender "VitalityScene" -enable-testing -I Sources/CCairo -I Sources/CPangoCairo \
        -I Sources/CLibDeflate -I "$obj/CPNGEncode" "${cairo_xcc[@]}" -- Sources/VitalityRender/*.swift
}

# The PNG encoder's C target: its object, and the module map SwiftPM would make for it.
cpngencode() {
    local source=Sources/CPNGEncode/png_encode.c
    mkdir -p "$obj/CPNGEncode"
    printf 'module CPNGEncode {\n    header "%s"\n    export *\n}\n' "$PWD/Sources/CPNGEncode/include/png_encode.h" \
        >"$obj/CPNGEncode/module.modulemap"
    if stale "$obj/CPNGEncode.o" "$source" Sources/CPNGEncode/include; then
        echo "fuzz: compiling $source" >&2
        "$clang" -fsanitize=fuzzer-no-link,address "$clang_opt" -g -I Sources/CPNGEncode/include -c "$source" -o "$obj/CPNGEncode.o"
    fi
}

# link TARGET SOURCE OBJECTS... [-- LINK-FLAGS...]
link() {
    local name="$1" source="$2"
    shift 2
    local objects=() flags=()
    while [[ $# -gt 0 && "$1" != -- ]]; do objects+=("$1"); shift; done
    [[ $# -gt 0 ]] && shift
    flags=("$@")
    local executable="$obj/fuzz-$name"
    if stale "$executable" "$source" "${objects[@]}"; then
        echo "fuzz: linking $executable" >&2
        "$swiftc" "${swift_flags[@]}" -module-name "Fuzz_$name" "$source" "${objects[@]}" "${flags[@]}" \
            -o "$executable" 2> >(grep -v "Cannot export local symbol" >&2)
    fi
}

data_objects=("$obj/VitalityModel.o" "$obj/ZIPFoundation.o" "$obj/VitalityData.o")
# The workbook reader's ZIPFoundation needs zlib's module map when a module imports it, and zlib;
# its inflater, ISA-L's, and libdeflate, which checks a part's CRC-32 (neither instrumented, like
# the other C libraries linked here).
zip_flags=(-I "$zipfoundation/CZLib" -I Sources/CISAL -I Sources/CLibDeflate -lz -lisal -ldeflate)
report_objects=("$obj/VitalityModel.o" "$obj/VitalityScene.o" "$obj/VitalityAnalysis.o" "$obj/VitalityCharts.o"
    "$obj/Yams.o" "$obj/CYaml.a" "$obj/VitalityReport.o")

build_target() {
    case "$1" in
        statistics) build_modules data; link statistics Fuzz/FuzzReaders.swift "${data_objects[@]}" -- "${zip_flags[@]}" ;;
        px) build_modules data; link px Fuzz/FuzzPX.swift "${data_objects[@]}" -- "${zip_flags[@]}" ;;
        jsonstat) build_modules data; link jsonstat Fuzz/FuzzJSONStat.swift "${data_objects[@]}" -- "${zip_flags[@]}" ;;
        xlsx) build_modules data; link xlsx Fuzz/FuzzWorkbook.swift "${data_objects[@]}" -- "${zip_flags[@]}" ;;
        indicators) build_modules data; link indicators Fuzz/FuzzIndicators.swift "${data_objects[@]}" -- "${zip_flags[@]}" ;;
        measures) build_modules data; link measures Fuzz/FuzzMeasures.swift "${data_objects[@]}" -- "${zip_flags[@]}" ;;
        template)
            build_modules report
            link template Fuzz/FuzzTemplate.swift "${report_objects[@]}" "$obj/ZIPFoundation.o" "$obj/VitalityData.o" -- \
                -I "$yams/CYaml/include" "${zip_flags[@]}" ;;
        logo)
            build_modules all
            link logo Fuzz/FuzzLogo.swift "${report_objects[@]}" "$obj/VitalityRender.o" "$obj/CPNGEncode.o" -- \
                -I "$yams/CYaml/include" -I Sources/CCairo -I Sources/CPangoCairo -I Sources/CLibDeflate -I "$obj/CPNGEncode" \
                "${cairo_xcc[@]}" "${cairo_libs[@]}" -ldeflate -lm ;;
    esac
}

# seed TARGET DIRECTORY: copies the repository's inputs for TARGET into DIRECTORY (kept
# fixtures of earlier findings included, so they are replayed first).
seed() {
    local directory="$2"
    mkdir -p "$directory"
    {
        case "$1" in
            statistics | indicators | measures) find Tests input -name '*.csv' -size -64k ;;
            px) find Tests -name '*.px' -size -64k ;;
            jsonstat) find Tests Fuzz/seeds/jsonstat -name '*.json' -size -64k ;;
            template) find templates Tests -name '*.yaml' -size -64k ;;
            logo) find Fuzz/seeds/logo Tests templates -name '*.png' -size -64k ;;
            xlsx) find Fuzz/seeds/xlsx -type f ;;
        esac
        find "Tests/VitalityDataTests/Fixtures/fuzz/$1" "Tests/VitalityReportTests/Fixtures/fuzz/$1" -type f 2>/dev/null || true
    } | while read -r file; do
        cp "$file" "$directory/$(echo "$file" | tr '/' '_')"
    done
}

# One pass over the shipped council-report.yaml (three locales, each parsed twice and composed)
# takes 1.6 s at -O with ASan on an idle core; with two other builds on the machine it passed
# 10 s, which libFuzzer reports as a hang.
timeout_seconds() {
    case "$1" in
        template) echo 60 ;;
        *) echo 10 ;;
    esac
}

max_len() {
    case "$1" in
        template) echo 16384 ;;
        logo) echo 16384 ;;
        xlsx) echo 16384 ;;
        *) echo 4096 ;;
    esac
}

exec 9>"$obj/.lock"
flock 9
for name in "${selected[@]}"; do build_target "$name"; done
flock -u 9
[[ "$mode" == build ]] && exit 0

# The Swift runtime's crash backtracer reads the stack in ways ASan reports; libFuzzer's own
# report is enough.
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/Fuzz/lsan.supp:print_suppressions=0}"
for name in "${selected[@]}"; do
    corpus="$out/corpus/$name"
    crashes="$out/crashes/$name"
    seed "$name" "$corpus"
    mkdir -p "$crashes"
    dictionary=()
    [[ -f "Fuzz/$name.dict" ]] && dictionary=(-dict="Fuzz/$name.dict")
    # ZIPFoundation leaks a few bytes each time it opens an archive (Fuzz/lsan.supp; an archive in
    # memory that is no ZIP archive leaks its buffer), and
    # libFuzzer then scans the whole heap for leaks after every input: 30 runs a second instead
    # of thousands. The workbook target runs without leak detection.
    [[ "$name" == xlsx ]] && dictionary+=(-detect_leaks=0)
    echo "fuzz: running $name for $seconds s ($opt)" >&2
    # shellcheck disable=SC2086
    "$obj/fuzz-$name" "$corpus" -max_total_time="$seconds" \
        -max_len="$(max_len "$name")" -timeout="$(timeout_seconds "$name")" -rss_limit_mb=3072 "${dictionary[@]}" \
        -artifact_prefix="$crashes/" -print_final_stats=1 ${FUZZ_ARGS:-}
done
