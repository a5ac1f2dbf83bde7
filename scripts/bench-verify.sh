#!/usr/bin/env bash
# Throughput of `dudao verify` on a large input: the seed repeated to about 20 MB, as one
# file (one core) and as 32 files (one core, then all cores), with peak memory.
# Usage: scripts/bench-verify.sh [COPIES]   (default 540 copies ≈ 20 MB)
set -euo pipefail
cd "$(dirname "$0")/.."
copies="${1:-540}"
cargo build --release -q
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
seed=tests/fixtures/qingcloud-2023-tracking-report.txt
for _ in $(seq "$copies"); do cat "$seed"; done > "$work/big.txt"
mkdir "$work/many"
per=$(( (copies + 31) / 32 ))
for i in $(seq 32); do for _ in $(seq "$per"); do cat "$seed"; done > "$work/many/part$i.txt"; done
python3 - "$work" "$(nproc)" <<'PY'
import os, resource, subprocess, sys, time
work, cores = sys.argv[1], sys.argv[2]
def run(label, args, size):
    start = time.perf_counter()
    subprocess.run(["target/release/dudao", "verify", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"| {label} | {size / 1e6:.1f} MB | {seconds:.2f} s | {size / 1e6 / seconds:.1f} MB/s | {peak:.0f} MiB |")
big = os.path.getsize(f"{work}/big.txt")
many = sum(os.path.getsize(f"{work}/many/{f}") for f in os.listdir(f"{work}/many"))
print("| input | size | time | throughput | peak RSS (so far) |")
print("|---|---|---|---|---|")
run("one file, one core", [f"{work}/big.txt", "--jobs", "1"], big)
run("32 files, one core", [f"{work}/many", "--jobs", "1"], many)
run(f"32 files, {cores} cores", [f"{work}/many", "--jobs", cores], many)
PY
