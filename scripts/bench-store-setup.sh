# Sourced by scripts/bench-serve.sh and scripts/bench-audit.sh: a release build, a store
# ($engine: sqlite or postgres) holding 100 copies of the example case and an admin
# `bench`, and `start_server ADDR` to serve it and log in. Sets dudao, work, database,
# sql (runs one statement), and after start_server: server, session.
# postgres needs DUDAO_BENCH_POSTGRES=postgres://user:pass@host:port/db, an empty
# database the script may fill (its tables are dropped first).
cd "$(dirname "${BASH_SOURCE[0]}")/.."
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

# Serves the store on ADDR in the background and logs in as `bench`.
start_server() {
  local addr="$1" jar="$work/cookies" csrf
  if curl -so /dev/null "http://$addr/"; then echo "$addr is in use; stop what listens there first" >&2; exit 1; fi
  "$dudao" serve --database "$database" --addr "$addr" 2>/dev/null &
  server=$!
  for _ in $(seq 50); do curl -fso /dev/null "http://$addr/login" && break; sleep 0.1; done
  csrf="$(curl -fs -c "$jar" "http://$addr/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')"
  curl -fsS -b "$jar" -c "$jar" -o /dev/null -d "name=bench&password=bench-password&csrf=$csrf" "http://$addr/login"
  session="$(awk '$6 == "dudao_session" { print $7 }' "$jar")"
}
