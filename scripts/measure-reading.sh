#!/usr/bin/env bash
# How well dudao reads real annual reports, measured as a reviewer would (the table in
# docs/verify.md): per report, the claims `verify` checks, the errors it reports on the
# report as published, the hand-planted wrong figures of `checks/<report>.toml` caught at
# their place, and the facts `ingest` reads right against those read by hand; then each
# miss and each error, one a line. A report without a checks file gets the first two.
# Usage: scripts/measure-reading.sh [REPORT|FOLDER]...   (default: tests/fixtures/annual-reports)
set -euo pipefail
paths=()
for path in "$@"; do paths+=("$(realpath "$path")"); done
cd "$(dirname "$0")/.."
[ ${#paths[@]} -gt 0 ] || paths=("$PWD/tests/fixtures/annual-reports")
cargo run --release -q -p dudao-ingest --example measure -- "${paths[@]}"
