#!/usr/bin/env bash
# Times `dudao report` on the example case in each format with a release build, and reports
# peak resident memory. Usage: scripts/bench-report.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"
cargo build --release -q
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
python3 - "$runs" "$out" <<'PY'
import resource, subprocess, sys, time
runs, out = int(sys.argv[1]), sys.argv[2]
print(f"| format | mean wall time per report ({runs} runs) | peak RSS |")
print("|---|---|---|")
for fmt in ["md", "html", "docx"]:
    peak = 0
    start = time.perf_counter()
    for _ in range(runs):
        proc = subprocess.run(
            ["target/release/dudao", "report", "examples/qingcloud", "--year", "2023",
             "--format", fmt, "--out", f"{out}/report.{fmt}"],
            stderr=subprocess.DEVNULL, check=True)
    elapsed = (time.perf_counter() - start) / runs
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"| {fmt} | {elapsed * 1000:.1f} ms | {peak / 1024:.1f} MiB |")
PY
