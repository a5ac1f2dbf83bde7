#!/usr/bin/env bash
# Does the workbench stay fast as its history grows? 100 companies (copies of the example
# case), then the audit log filled to 1k, 10k and 100k entries (spread over the companies),
# and at each size wrk on the portfolio and on a company's audit page, on loopback, with a
# release build. Filler entries are inserted directly, chained as dudao chains them.
#
# Usage: scripts/bench-audit.sh [sqlite|postgres] [SECONDS]
#   postgres needs DUDAO_BENCH_POSTGRES (scripts/bench-store-setup.sh).
# Needs wrk, curl, and sqlite3 or psql.
set -euo pipefail
engine="${1:-sqlite}"
seconds="${2:-5}"
source "$(dirname "$0")/bench-store-setup.sh"
at="$(sql "SELECT at FROM audit_log ORDER BY id DESC LIMIT 1")"

addr=127.0.0.1:18081
echo "engine: $engine, 100 companies, wrk 2 threads, 16 connections, ${seconds}s per page"
echo
echo "| audit entries | portfolio req/s | p50 | p99 | audit page req/s | p50 | p99 |"
echo "|---|---|---|---|---|---|---|"
for rows in 1000 10000 100000; do
  have="$(sql "SELECT COUNT(*) FROM audit_log")"
  if [ "$have" -lt "$rows" ]; then
    # Filler entries chained as dudao chains them (crates/store: SHA-256 over each field's
    # byte length, a colon and the field), so the server's check at start accepts them.
    sql "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1" | tr '|' ' ' > "$work/head"
    sql "SELECT code FROM companies ORDER BY id" > "$work/codes"
    python3 - "$work" "$rows" "$at" <<'PY' > "$work/filler.tsv"
import hashlib, sys
work, rows, at = sys.argv[1], int(sys.argv[2]), sys.argv[3]
last, prev = open(f"{work}/head").read().split()
codes = open(f"{work}/codes").read().split()
for i in range(int(last) + 1, rows + 1):
    fields = [prev, str(i), at, "bench", codes[i % len(codes)], "bench.filler", "company.toml", "a = 1", "a = 2"]
    digest = hashlib.sha256()
    for field in fields:
        data = field.encode()
        digest.update(str(len(data)).encode() + b":" + data)
    # Not a case file's entry, so its texts are kept as they are (no patch, no digest).
    entry = fields[1:] + [prev, digest.hexdigest(), "", ""]
    print("\t".join(entry))
    prev = digest.hexdigest()
PY
    case "$engine" in
      sqlite) sqlite3 "$work/bench.db" ".mode tabs" ".import $work/filler.tsv audit_log" ;;
      postgres) psql "$database" -qc "\copy audit_log (id, at, actor, company, action, subject, before_text, after_text, prev_hash, hash, patch, after_sha256) FROM '$work/filler.tsv'" ;;
    esac
  fi
  start_server "$addr"
  curl -fso /dev/null -b "dudao_session=$session" "http://$addr/"
  row="| $(sql "SELECT COUNT(*) FROM audit_log") |"
  for page in / /c/688316/audit; do
    result="$(wrk -t2 -c16 -d"${seconds}s" --latency -H "Cookie: dudao_session=$session" "http://$addr$page")"
    rps="$(echo "$result" | awk '/Requests\/sec/ { printf "%.0f", $2 }')"
    p50="$(echo "$result" | awk '$1 == "50%" { print $2 }')"
    p99="$(echo "$result" | awk '$1 == "99%" { print $2 }')"
    row="$row $rps | $p50 | $p99 |"
  done
  echo "$row"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
done
