#!/usr/bin/env bash
# Installs every build and test dependency of floe on Debian 12.
# Idempotent and non-interactive: packages already present are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # toolchain
  build-essential cmake ninja-build ccache clang lld libclang-rt-14-dev pkg-config
  # compression codecs used by Parquet and Avro
  libzstd-dev libsnappy-dev liblz4-dev zlib1g-dev libbrotli-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # the SQL catalog
  libsqlite3-dev sqlite3
  # regular expressions of the SQL functions (regexp_*)
  libre2-dev
  # line editing and history of the SQL shell (floe sql)
  libedit-dev
  # interop peers (node and npm too, below, when the machine has none)
  python3-avro
  # benchmark plots, and peak RSS of benchmark runs (/usr/bin/time)
  gnuplot-nox
  time
)

# Node.js may come from elsewhere (a newer npm than Debian's, which would
# conflict with it): take Debian's only when there is none.
command -v node >/dev/null 2>&1 || APT_PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(npm)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: apt packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm test peers (DuckDB, hyparquet, parquet-wasm, avsc). `npm install`, not
# `npm ci`: @duckdb/node-api's platform binding installs only that way.
if [ ! -d tests/interop/node_modules/@duckdb/node-api ] || [ ! -d tests/interop/node_modules/avsc ] \
   || [ ! -d tests/interop/node_modules/hyparquet ] || [ ! -d tests/interop/node_modules/parquet-wasm ]; then
  echo "install-deps: npm packages for tests/interop"
  (cd tests/interop && npm install --no-audit --no-fund --loglevel=error)
fi
echo "install-deps: ok"
