#!/usr/bin/env bash
# Does the workbench stay fast as its history grows? 100 companies (copies of the example
# case), then the audit log filled to 1k, 10k and 100k entries (spread over the companies),
# and at each size wrk on the portfolio and on a company's audit page, on loopback, with a
# release build. Filler entries are inserted with SQL: their hashes are no valid chain
# (the benchmark measures reads), so the database is thrown away afterwards.
#
# Usage: scripts/bench-audit.sh [sqlite|postgres] [SECONDS]
#   postgres needs DUDAO_BENCH_POSTGRES=postgres://user:pass@host:port/db, an empty
#   database the script may fill (its tables are dropped first).
# Needs wrk, curl, and sqlite3 or psql.
set -euo pipefail
cd "$(dirname "$0")/.."
engine="${1:-sqlite}"
seconds="${2:-5}"
cargo build --release -q -p dudao
dudao="$PWD/target/release/dudao"
work="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

case "$engine" in
  sqlite) database="sqlite:$work/bench.db"; sql() { sqlite3 "$work/bench.db" "$1"; } ;;
  postgres)
    database="${DUDAO_BENCH_POSTGRES:?set DUDAO_BENCH_POSTGRES to an empty PostgreSQL database URL}"
    sql() { psql "$database" -qAtc "$1"; }
    sql "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" ;;
  *) echo "usage: $0 [sqlite|postgres] [SECONDS]" >&2; exit 2 ;;
esac

for i in $(seq 0 99); do
  code=$((688000 + i))
  [ "$i" -eq 0 ] && code=688316
  mkdir -p "$work/cases/$code"
  cp -r examples/qingcloud/. "$work/cases/$code"
  sed -i "s/stock_code = \"688316\"/stock_code = \"$code\"/; s/short_name = \"青云科技\"/short_name = \"公司$i\"/" "$work/cases/$code/company.toml"
  "$dudao" import-case "$work/cases/$code" --database "$database" 2>/dev/null
done
echo "bench-password" | "$dudao" user add bench --role admin --database "$database" 2>/dev/null
at="$(sql "SELECT at FROM audit_log ORDER BY id DESC LIMIT 1")"

addr=127.0.0.1:18081
echo "engine: $engine, 100 companies, wrk 2 threads, 16 connections, ${seconds}s per page"
echo
echo "| audit entries | portfolio req/s | p50 | p99 | audit page req/s | p50 | p99 |"
echo "|---|---|---|---|---|---|---|"
for rows in 1000 10000 100000; do
  have="$(sql "SELECT COUNT(*) FROM audit_log")"
  if [ "$have" -lt "$rows" ]; then
    case "$engine" in
      sqlite) sql "WITH RECURSIVE n(i) AS (SELECT (SELECT MAX(id) FROM audit_log) + 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
                   INSERT INTO audit_log SELECT i, '$at', 'bench', c.code, 'bench.filler', 'company.toml', 'a = 1', 'a = 2', '', ''
                   FROM n JOIN (SELECT code, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k FROM companies) c ON c.k = n.i % 100" ;;
      postgres) sql "INSERT INTO audit_log SELECT i, '$at', 'bench', c.code, 'bench.filler', 'company.toml', 'a = 1', 'a = 2', '', ''
                     FROM generate_series((SELECT MAX(id) FROM audit_log) + 1, $rows) AS i
                     JOIN (SELECT code, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k FROM companies) c ON c.k = i % 100" ;;
    esac
  fi
  "$dudao" serve --database "$database" --addr "$addr" 2>/dev/null &
  server=$!
  for _ in $(seq 50); do curl -fso /dev/null "http://$addr/login" && break; sleep 0.1; done
  jar="$work/cookies"
  csrf="$(curl -fs -c "$jar" "http://$addr/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')"
  curl -fsS -b "$jar" -c "$jar" -o /dev/null -d "name=bench&password=bench-password&csrf=$csrf" "http://$addr/login"
  session="$(awk '$6 == "dudao_session" { print $7 }' "$jar")"
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
