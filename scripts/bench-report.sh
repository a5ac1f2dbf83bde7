#!/usr/bin/env bash
# Times `dudao report` for every kind of document and every format with a release build,
# on the example case (with a fictional assurance report added for the funds opinion, in
# a temporary copy), and reports peak resident memory. Usage: scripts/bench-report.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"
cargo build --release -q
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cp -r examples/qingcloud "$out/case"
printf '\n[assurance.2023]\nauditor = "虚构会计师事务所"\nreport = "虚构专字[2024]第1号"\nconclusion = "（虚构，基准测试用）"\n' >> "$out/case/funds.toml"
python3 - "$runs" "$out" <<'PY'
import os, subprocess, sys, time
runs, out = int(sys.argv[1]), sys.argv[2]
print(f"| document | format | mean wall time per document ({runs} runs) | peak RSS |")
print("|---|---|---|---|")
for kind in ["annual-tracking", "funds-opinion"]:
    for fmt in ["md", "html", "docx", "pdf"]:
        peak, total = 0, 0.0
        for _ in range(runs):
            start = time.perf_counter()
            proc = subprocess.Popen(
                ["target/release/dudao", "report", f"{out}/case", "--kind", kind, "--period", "2023",
                 "--format", fmt, "--out", f"{out}/report.{fmt}"],
                stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(proc.pid, 0)
            total += time.perf_counter() - start
            assert status == 0, (kind, fmt)
            peak = max(peak, usage.ru_maxrss)
        print(f"| {kind} | {fmt} | {total / runs * 1000:.1f} ms | {peak / 1024:.1f} MiB |")
PY
