#!/usr/bin/env bash
# Times `dudao report` for every kind of document and every format with a release build —
# the annual tracking report of the real example, the half-year report, the funds
# opinion and the closing report of the fictional one — and reports peak resident memory.
# Usage: scripts/bench-report.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"
cargo build --release -q
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
python3 - "$runs" "$out" <<'PY'
import os, subprocess, sys, time
runs, out = int(sys.argv[1]), sys.argv[2]
print(f"| document | format | mean wall time per document ({runs} runs) | peak RSS |")
print("|---|---|---|---|")
documents = [("annual-tracking", "examples/qingcloud", "2023"), ("semiannual-tracking", "examples/fictional", "2024H1"),
             ("funds-opinion", "examples/fictional", "2024"), ("closing-report", "examples/fictional", "2026")]
for kind, case, period in documents:
    for fmt in ["md", "html", "docx", "pdf"]:
        peak, total = 0, 0.0
        for _ in range(runs):
            start = time.perf_counter()
            proc = subprocess.Popen(
                ["target/release/dudao", "report", case, "--kind", kind, "--period", period,
                 "--format", fmt, "--out", f"{out}/report.{fmt}"],
                stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(proc.pid, 0)
            total += time.perf_counter() - start
            assert status == 0, (kind, fmt)
            peak = max(peak, usage.ru_maxrss)
        print(f"| {kind} | {fmt} | {total / runs * 1000:.1f} ms | {peak / 1024:.1f} MiB |")
PY
