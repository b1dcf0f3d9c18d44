#!/usr/bin/env bash
# `make up` for now: shows what floe can do so far.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "floe $(build/floe version | cut -d' ' -f2) built at build/floe"
echo
fixture=../shared/fixtures/parquet/data/alltypes_plain.parquet
if [ -f "$fixture" ]; then
  echo "\$ build/floe inspect $fixture --rows 3 --format csv"
  build/floe inspect "$fixture" --rows 3 --format csv || true
fi
