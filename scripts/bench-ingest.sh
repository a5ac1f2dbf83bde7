#!/usr/bin/env bash
# Speed and memory of `dudao ingest` on the real annual reports of tests/fixtures, as a
# Markdown table: into an empty case (reading, verifying, planning and writing every file)
# and again into the case it made (a no-op), best of RUNS, with the peak RSS of that run
# (wait4's rusage of the child: for a PDF the larger of dudao and its pdftotext).
# Usage: scripts/bench-ingest.sh [RUNS]   (default best of 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
cargo build --release -q -p dudao
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$runs" <<'PY'
import glob, os, shutil, subprocess, sys, time
work, runs = sys.argv[1], int(sys.argv[2])
def run(report, case):
    start = time.perf_counter()
    proc = subprocess.Popen(["target/release/dudao", "ingest", report, "--case", case], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    assert status == 0, report
    return time.perf_counter() - start, usage.ru_maxrss / 1024
print("| report | size | into an empty case | again (no change) | peak RSS |")
print("|---|---|---|---|---|")
for report in sorted(glob.glob("tests/fixtures/annual-reports/2*")):
    case = os.path.join(work, "case")
    fresh, again = [], []
    for _ in range(runs):
        shutil.rmtree(case, ignore_errors=True)
        fresh.append(run(report, case))
        again.append(run(report, case))
    name = os.path.basename(report)
    size = os.path.getsize(report) / 1e6
    t1, m1 = min(fresh)
    t2, _ = min(again)
    print(f"| {name} | {size:.1f} MB | {t1*1000:.0f} ms | {t2*1000:.0f} ms | {max(m for _, m in fresh):.0f} MiB |")
PY
