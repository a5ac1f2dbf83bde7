#!/usr/bin/env bash
# Load benchmark of `dudao serve` on loopback: 100 companies (copies of the example case),
# an admin who sees them all, and wrk on the portfolio and a company page.
#
# Usage: scripts/bench-serve.sh [sqlite|postgres] [SECONDS]
#   postgres needs DUDAO_BENCH_POSTGRES=postgres://user:pass@host:port/db, an empty
#   database the script may fill (its tables are dropped first).
# Needs wrk (Debian package `wrk`) and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
engine="${1:-sqlite}"
seconds="${2:-10}"
cargo build --release -q -p dudao
dudao="$PWD/target/release/dudao"
work="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

case "$engine" in
  sqlite) database="sqlite:$work/bench.db" ;;
  postgres)
    database="${DUDAO_BENCH_POSTGRES:?set DUDAO_BENCH_POSTGRES to an empty PostgreSQL database URL}"
    psql "$database" -qc "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" ;;
  *) echo "usage: $0 [sqlite|postgres] [SECONDS]" >&2; exit 2 ;;
esac

for i in $(seq 0 99); do
  code=$((688000 + i))
  [ "$i" -eq 0 ] && code=688316
  mkdir -p "$work/cases/$code"
  cp -r examples/qingcloud/. "$work/cases/$code"
  sed -i "s/stock_code = \"688316\"/stock_code = \"$code\"/; s/short_name = \"青云科技\"/short_name = \"公司$i\"/" \
    "$work/cases/$code/company.toml"
  "$dudao" import-case "$work/cases/$code" --database "$database" 2>/dev/null
done
echo "bench-password" | "$dudao" user add bench --role admin --database "$database" 2>/dev/null

addr=127.0.0.1:18080
if curl -so /dev/null "http://$addr/"; then echo "$addr is in use; stop what listens there first" >&2; exit 1; fi
"$dudao" serve --database "$database" --addr "$addr" 2>/dev/null &
server=$!
for _ in $(seq 50); do curl -fso /dev/null "http://$addr/login" && break; sleep 0.1; done

jar="$work/cookies"
csrf="$(curl -fs -c "$jar" "http://$addr/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')"
curl -fsS -b "$jar" -c "$jar" -o /dev/null -d "name=bench&password=bench-password&csrf=$csrf" "http://$addr/login"
session="$(awk '$6 == "dudao_session" { print $7 }' "$jar")"

# The first portfolio request computes every row; later ones reuse them until a case changes.
cold="$(curl -fs -o /dev/null -w '%{time_total}' -b "dudao_session=$session" "http://$addr/")"
echo "first portfolio request (every row computed): ${cold}s"
echo "engine: $engine, 100 companies, wrk 2 threads, 16 connections, ${seconds}s per page"
for page in / /c/688316; do
  echo "== GET $page"
  wrk -t2 -c16 -d"${seconds}s" --latency -H "Cookie: dudao_session=$session" "http://$addr$page" |
    grep -E "Requests/sec|^ +(50|99)%|Non-2xx"
done
