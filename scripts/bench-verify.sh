#!/usr/bin/env bash
# Speed and memory of `dudao verify`, printed as Markdown tables:
#   1. throughput on extracted text: the seed repeated to about 20 MB, as one file (one
#      core) and as 32 files (one core, then all cores);
#   2. scaling: the same text at about 1, 5, 20, 80 and 500 MB, one file, on one core and on
#      all (is cost linear, and memory bounded? files over 8 MiB are read in parts);
#   3. real annual reports end to end (PDF through pdftotext, HTML, JSON pages), best of
#      RUNS, with pdftotext alone beside each PDF.
# Every peak RSS is of that one run (wait4's rusage of the child, which for a PDF is the
# larger of dudao and its pdftotext), never a running maximum over runs.
# Targets: ≥ 40 MB/s on extracted text on one core; a 200-page PDF in under 1 s.
# Usage: scripts/bench-verify.sh [COPIES] [RUNS]   (default 540 copies ≈ 20 MB, best of 3)
set -euo pipefail
cd "$(dirname "$0")/.."
copies="${1:-540}"
runs="${2:-3}"
cargo build --release -q -p dudao
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
seed=tests/fixtures/qingcloud-2023-tracking-report.txt
repeat() { for _ in $(seq "$1"); do cat "$seed"; done; }
repeat "$copies" > "$work/big.txt"
repeat $(( copies / 4 )) > "$work/quarter.txt"
repeat $(( copies * 4 )) > "$work/four.txt"
repeat $(( copies / 20 )) > "$work/one.txt"
for _ in $(seq 25); do cat "$work/big.txt"; done > "$work/huge.txt"
mkdir "$work/many"
per=$(( (copies + 31) / 32 ))
for i in $(seq 32); do repeat "$per" > "$work/many/part$i.txt"; done
python3 - "$work" "$(nproc)" "$runs" <<'PY'
import glob, os, subprocess, sys, time
work, cores, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
dudao = "target/release/dudao"

def once(argv):
    """Wall time and peak RSS (MiB) of one run of argv, its own and nothing earlier."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(argv)} exited {code}")
    return seconds, usage.ru_maxrss / 1024

def best(argv, n):
    results = [once(argv) for _ in range(n)]
    return min(r[0] for r in results), max(r[1] for r in results)

def size(path):
    if os.path.isdir(path):
        return sum(os.path.getsize(os.path.join(path, f)) for f in os.listdir(path))
    return os.path.getsize(path)

def text_row(label, args, path, n=1):
    total = size(path)
    seconds, peak = best([dudao, "verify", path, *args], n)
    print(f"| {label} | {total / 1e6:.1f} MB | {seconds:.2f} s | {total / 1e6 / seconds:.1f} MB/s | {peak:.0f} MiB |")
    return seconds, total

print("Throughput on extracted text (target ≥ 40 MB/s on one core)\n")
print("| input | size | time | throughput | peak RSS |")
print("|---|---|---|---|---|")
text_row("one file, one core", ["--jobs", "1"], f"{work}/big.txt")
text_row("32 files, one core", ["--jobs", "1"], f"{work}/many")
text_row(f"32 files, {cores} cores", ["--jobs", cores], f"{work}/many")

print("\nScaling: one file (linear cost keeps s/MB flat; past 8 MiB it is read in parts)\n")
print("| input | size | cores | time | throughput | peak RSS | s per MB |")
print("|---|---|---|---|---|---|---|")
for label, name in [("≈ 1 MB", "one.txt"), ("≈ 5 MB", "quarter.txt"), ("≈ 20 MB", "big.txt"), ("≈ 80 MB", "four.txt"), ("≈ 500 MB", "huge.txt")]:
    path = f"{work}/{name}"
    total = size(path)
    for jobs in ["1", cores] if name in ("four.txt", "huge.txt") else ["1"]:
        seconds, peak = once([dudao, "verify", path, "--jobs", jobs])
        print(f"| {label} | {total / 1e6:.1f} MB | {jobs} | {seconds:.2f} s | {total / 1e6 / seconds:.1f} MB/s | {peak:.0f} MiB | {seconds / (total / 1e6):.3f} |")

print(f"\nReal reports end to end, best of {runs} (target: a 200-page PDF under 1 s)\n")
print("| report | size | pages | dudao verify | peak RSS | pdftotext -bbox-layout alone | its peak RSS |")
print("|---|---|---|---|---|---|---|")
for path in sorted(p for p in glob.glob("tests/fixtures/annual-reports/*") if os.path.isfile(p)):
    name = os.path.basename(path)
    seconds, peak = best([dudao, "verify", path, "--jobs", "1"], runs)
    pages, alone = "", ""
    if path.endswith(".pdf"):
        info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
        pages = next((l.split()[-1] for l in info.splitlines() if l.startswith("Pages:")), "?")
        t, p = best(["pdftotext", "-bbox-layout", "-enc", "UTF-8", path, os.devnull], runs)
        alone = f"{t:.2f} s | {p:.0f} MiB"
    else:
        alone = "— | —"
    print(f"| {name} | {os.path.getsize(path) / 1e6:.2f} MB | {pages} | {seconds:.2f} s | {peak:.0f} MiB | {alone} |")
PY
