#!/usr/bin/env bash
# `dudao calendar batch` end to end: N random queries (add, count and is, over trading,
# working and calendar days of 2019-2026), as text lines and as JSON lines, through one
# process with a release build; best of 3. Usage: scripts/bench-calendar.sh [N] (1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000000}"
cargo build --release -q -p dudao
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$n" <<'PY'
import datetime, json, os, random, subprocess, sys, time
work, n = sys.argv[1], int(sys.argv[2])
rng, start = random.Random(n), datetime.date(2019, 3, 1)
text, lines = [], []
for _ in range(n):
    day = start + datetime.timedelta(days=rng.randint(0, 2700))
    op, kind = rng.choice(["add", "count", "is"]), rng.choice(["trading", "working", "calendar"])
    if op == "add":
        query = {"op": op, "date": str(day), "n": rng.randint(-30, 30), "days": kind}
    elif op == "count":
        query = {"op": op, "from": str(day), "to": str(day + datetime.timedelta(days=rng.randint(0, 60))), "days": kind}
    else:
        query = {"op": op, "date": str(day), "days": kind}
    text.append(" ".join(str(v) for v in query.values()))
    lines.append(json.dumps(query, separators=(",", ":")))
print(f"| queries | form | input | time (best of 3) | queries/s |")
print("|---|---|---|---|---|")
for form, queries in [("text", text), ("JSON lines", lines)]:
    path = f"{work}/queries"
    with open(path, "w") as out:
        out.write("\n".join(queries) + "\n")
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        subprocess.run(["target/release/dudao", "calendar", "batch", path], check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - began)
    print(f"| {n:,} | {form} | {os.path.getsize(path) / 1e6:.1f} MB | {best:.2f} s | {n / best:,.0f} |")
PY
