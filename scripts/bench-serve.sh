#!/usr/bin/env bash
# Load benchmark of `dudao serve` on loopback: 100 companies (copies of the example case),
# an admin who sees them all, and wrk on the portfolio (all, and filtered) and a company page.
#
# Usage: scripts/bench-serve.sh [sqlite|postgres] [SECONDS]
#   postgres needs DUDAO_BENCH_POSTGRES (scripts/bench-store-setup.sh).
# Needs wrk (Debian package `wrk`) and curl.
set -euo pipefail
engine="${1:-sqlite}"
seconds="${2:-10}"
source "$(dirname "$0")/bench-store-setup.sh"
addr=127.0.0.1:18080
start_server "$addr"

# The first portfolio request computes every row; later ones reuse them until a case changes.
cold="$(curl -fs -o /dev/null -w '%{time_total}' -b "dudao_session=$session" "http://$addr/")"
echo "first portfolio request (every row computed): ${cold}s"
echo "engine: $engine, 100 companies, wrk 2 threads, 16 connections, ${seconds}s per page"
for page in / "/?board=star&overdue=on&q=688" /c/688316; do
  echo "== GET $page"
  wrk -t2 -c16 -d"${seconds}s" --latency -H "Cookie: dudao_session=$session" "http://$addr$page" |
    grep -E "Requests/sec|^ +(50|99)%|Non-2xx"
done
