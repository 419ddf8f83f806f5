#!/usr/bin/env python3
"""Vitality against the rendering benchmark's floor and peers (../shared/bench), in one run.

  scripts/bench-peers.py [--runs N] [--skip-peers] [--skip-all] [--skip-scale] [--bench DIR]

Prints the ratios of issue 12's table, each from paired runs (A B A B ..., the ratio taken pair by
pair, median of the pairs), whole process (start-up included), with the peak resident memory of
the largest process (GNU time), then Vitality's per-chart layout, PNG and PDF times
(`vitality gallery --benchmark`). Standard library only.

- one municipality: the chart set of CHARTS.md for 562 (Benchmarks/chartset/templates-one), PNG at
  150 dpi and PDF, against `floor_cairo --one 562` and, unless --skip-peers, matplotlib and
  vl-convert (a venv from the bench's requirements.txt, made once in .build/bench-venv);
- every municipality: the same set for all 308 (templates-all, `for_each: country`) with
  `--jobs 2` against `floor_cairo --all` (--skip-all leaves it out);
- the scaled file (`gen_data.py --scale`, 4.6 M rows, 230 MB): `list files` (reading) against
  `check` and `build` of the one-municipality set (--skip-scale leaves it out);
- the shipped input and templates: `build` (into an empty folder) against `check`.

Data, the compiled floor and the venv are made on first use under .build/bench-data.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def timed(cmd):
    """Wall seconds and peak RSS (MiB) of one whole-process run."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        p = subprocess.run(["/usr/bin/time", "-o", tf.name, "-f", "%e %M"] + cmd,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
        wall, kib = tf.read().split()[-2:]
        return float(wall), int(kib) / 1024


def paired(commands, runs, prepare=None):
    """Runs the commands in turn `runs` times (after one warm-up round); per label the wall
    times and the largest peak."""
    results = {label: ([], 0.0) for label, _ in commands}
    for round_ in range(runs + 1):
        for label, cmd in commands:
            if prepare:
                prepare(label)
            wall, peak = timed(cmd)
            if round_ > 0:
                walls, top = results[label]
                walls.append(wall)
                results[label] = (walls, max(top, peak))
    return results


def ratio(results, a, b):
    return statistics.median(x / y for x, y in zip(results[a][0], results[b][0]))


def line(label, results):
    walls, peak = results[label]
    return f"{label}: {statistics.median(walls):.3f} s ({min(walls):.3f}–{max(walls):.3f}), peak {peak:.0f} MiB"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bench", default=os.path.join(ROOT, "..", "shared", "bench"))
    ap.add_argument("--skip-peers", action="store_true")
    ap.add_argument("--skip-all", action="store_true")
    ap.add_argument("--skip-scale", action="store_true")
    a = ap.parse_args()
    bench = os.path.abspath(a.bench)
    cache = os.path.join(ROOT, ".build", "bench-data")
    os.makedirs(cache, exist_ok=True)

    run(["swift", "build", "-c", "release", "--product", "vitality"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    vitality = os.path.join(ROOT, ".build", "release", "vitality")

    # Data and the floor, made once.
    data = os.path.join(cache, "data")
    if not os.path.exists(os.path.join(data, "stats_long.csv")):
        run([sys.executable, os.path.join(bench, "gen_data.py"), "--out", data])
    if not a.skip_scale and not os.path.exists(os.path.join(data, "stats_long_large.csv")):
        run([sys.executable, os.path.join(bench, "gen_data.py"), "--scale", "--out", data])
    floor = os.path.join(cache, "floor_cairo")
    if not os.path.exists(floor):
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", "pangocairo", "cairo-pdf", "libpng"],
                               check=True, capture_output=True, text=True).stdout.split()
        run(["cc", "-O2", "-Wall", "-o", floor, os.path.join(bench, "floor_cairo.c")] + flags + ["-lm"])
    python = None
    if not a.skip_peers:
        venv = os.path.join(ROOT, ".build", "bench-venv")
        python = os.path.join(venv, "bin", "python")
        if not os.path.exists(python):
            run([sys.executable, "-m", "venv", venv])
            run([python, "-m", "pip", "install", "-q", "-r", os.path.join(bench, "requirements.txt")])

    work = tempfile.mkdtemp(prefix="vitality-bench-")
    try:
        chartset = os.path.join(ROOT, "Benchmarks", "chartset")
        inp = os.path.join(work, "input")
        os.makedirs(os.path.join(inp, "statistics"))
        for name in ("indicators.csv", "measures.csv"):
            shutil.copy(os.path.join(chartset, "input", name), inp)
        os.link(os.path.join(data, "stats_long.csv"), os.path.join(inp, "statistics", "stats_long.csv")) \
            if os.stat(data).st_dev == os.stat(work).st_dev else shutil.copy(os.path.join(data, "stats_long.csv"), os.path.join(inp, "statistics"))
        csv = os.path.join(data, "stats_long.csv")
        out = lambda name: os.path.join(work, name)
        def fresh(label):
            for name in ("one-vitality", "all-vitality", "shipped"):
                shutil.rmtree(out(name), ignore_errors=True)

        print(f"{os.cpu_count()} cores; paired runs: {a.runs} after 1 warm-up; wall seconds median (min–max)\n")

        # (a) one municipality
        commands = [
            ("vitality", [vitality, "build", "--input", inp, "--templates", os.path.join(chartset, "templates-one"),
                          "--output", out("one-vitality"), "--dpi", "150", "--formats", "png,pdf", "--quiet"]),
            ("floor", [floor, "--one", "562", "--csv", csv, "--out", out("one-floor")]),
        ]
        if python:
            commands += [
                ("matplotlib", [python, os.path.join(bench, "peer_matplotlib.py"), "--one", "562", "--csv", csv, "--out", out("one-mpl")]),
                ("vl-convert", [python, os.path.join(bench, "peer_vegalite.py"), "--one", "562", "--csv", csv, "--out", out("one-vl")]),
            ]
        one = paired(commands, a.runs, prepare=fresh)
        print("## One municipality (562): chart set, PNG 150 dpi + PDF")
        for label, _ in commands:
            print("  " + line(label, one))
        print(f"  vitality / floor: {ratio(one, 'vitality', 'floor'):.2f}×   (goal ≤ 1.3×)")
        if python:
            print(f"  vitality / matplotlib: {ratio(one, 'vitality', 'matplotlib'):.2f}×, vitality / vl-convert: {ratio(one, 'vitality', 'vl-convert'):.2f}×")

        # (b) every municipality
        if not a.skip_all:
            commands = [
                ("vitality --jobs 2", [vitality, "build", "--input", inp, "--templates", os.path.join(chartset, "templates-all"),
                                       "--output", out("all-vitality"), "--dpi", "150", "--formats", "png,pdf", "--jobs", "2", "--quiet"]),
                ("floor --all", [floor, "--all", "--csv", csv, "--out", out("all-floor")]),
            ]
            every = paired(commands, max(1, min(a.runs, 3)), prepare=fresh)
            print("\n## Every municipality (308): chart set each, one run")
            for label, _ in commands:
                print("  " + line(label, every))
            print(f"  vitality / floor: {ratio(every, 'vitality --jobs 2', 'floor --all'):.2f}×   (goal ≤ 1.5×, peak ≤ 150 MiB)")

        # (c) the scaled file
        if not a.skip_scale:
            big = os.path.join(work, "big")
            os.makedirs(os.path.join(big, "statistics"))
            for name in ("indicators.csv", "measures.csv"):
                shutil.copy(os.path.join(chartset, "input", name), big)
            large = os.path.join(data, "stats_long_large.csv")
            shutil.copy(large, os.path.join(big, "statistics"))
            size = os.path.getsize(large) / 2**20
            templates = os.path.join(chartset, "templates-one")
            commands = [
                ("list files", [vitality, "list", "files", "--input", big]),
                ("check", [vitality, "check", "--input", big, "--templates", templates]),
                ("build", [vitality, "build", "--input", big, "--templates", templates, "--output", out("big-out"), "--force", "--quiet"]),
            ]
            scaled = paired(commands, max(1, min(a.runs, 3)))
            print(f"\n## The scaled long file ({size:.0f} MiB, 4.6 M rows)")
            for label, _ in commands:
                print("  " + line(label, scaled))
            print(f"  check / read: {ratio(scaled, 'check', 'list files'):.2f}× (goal ≤ 3×), peak {scaled['check'][1] / size:.2f}× the file (goal ≤ 1×); "
                  f"build / read: {ratio(scaled, 'build', 'list files'):.2f}× (goal ≤ 5×)")

        # (d) the shipped input and templates
        commands = [
            ("build", [vitality, "build", "--input", os.path.join(ROOT, "input"), "--templates", os.path.join(ROOT, "templates"),
                       "--output", out("shipped"), "--quiet"]),
            ("check", [vitality, "check", "--input", os.path.join(ROOT, "input"), "--templates", os.path.join(ROOT, "templates")]),
        ]
        shipped = paired(commands, a.runs, prepare=fresh)
        print("\n## Shipped input and templates, full build into an empty folder")
        for label, _ in commands:
            print("  " + line(label, shipped))
        print(f"  build / check: {ratio(shipped, 'build', 'check'):.2f}×   (goal ≤ 3×)")

        # (e) per chart, in process
        print("\n## Per chart type, in process (vitality gallery --benchmark), ms")
        sys.stdout.flush()
        run([vitality, "gallery", "--benchmark", str(max(5, a.runs)), "--output", out("gallery")])
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
