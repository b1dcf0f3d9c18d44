# floe — the README's commands. Everything installs itself: `make up` and
# `make test` work on a fresh Debian 12 machine with nothing done first.
.PHONY: up etl demo-clean deps build sql test test-unit test-asan differential fuzz-smoke bench bench-smoke bench-planning bench-sql bench-ingest clean format

JOBS ?= $(shell nproc)
CTEST_JOBS ?= 2
# make differential
SEED ?= 1
QUERIES ?= 2000
ROWS ?= 400
MINUTES ?= 0

deps:
	@scripts/install-deps.sh

build: deps
	@[ -f build/build.ninja ] || cmake --preset release >/dev/null
	@ninja -C build -j$(JOBS)

# Build, generate 30 days of sample sales as CSV, load them into the Iceberg
# table iceberg.demo.sales with SQL (read_csv), and run two example queries.
up: build
	@scripts/demo.sh

# Append one more hour of sales to iceberg.demo.sales (the hourly load, by hand).
etl: build
	@scripts/etl.sh

# Drop the demo table and its generated files (./warehouse stays).
demo-clean: build
	@build/floe sql --warehouse warehouse -c 'DROP TABLE IF EXISTS iceberg.demo.sales' 2>/dev/null || true
	@rm -rf warehouse/demo-data

# The SQL shell (Trino's dialect and CLI) over ./warehouse.
sql: build
	@build/floe sql --warehouse warehouse

# Unit + interop tests (ctest), as CI runs them.
test: build
	@cd build && ctest -j$(CTEST_JOBS) --output-on-failure --timeout 600

# The format, I/O, Iceberg, catalog and SQL tests again under AddressSanitizer + UndefinedBehaviorSanitizer.
test-asan: deps
	@[ -f build-asan/build.ninja ] || cmake --preset debug >/dev/null
	@ninja -C build-asan -j$(JOBS) formats_tests iceberg_test io_test catalog_test sql_test sqllogictest sql_differential_test
	@cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest -j$(CTEST_JOBS) -L 'formats|iceberg|io|catalog|sql' --output-on-failure --timeout 900

# Random queries in floe and in DuckDB on the same Parquet files
# (tests/sql/differential); MINUTES=10 repeats with seeds SEED, SEED+1, ...
differential: build
	@build/tests/sql/differential/floe_differential --seed $(SEED) --queries $(QUERIES) \
	  --rows $(ROWS) --minutes $(MINUTES)

# Each libFuzzer target briefly, plus replay of fuzz/regressions/.
fuzz-smoke: deps
	@[ -f build-fuzz/build.ninja ] || cmake --preset fuzz >/dev/null
	@ninja -C build-fuzz -j$(JOBS)
	@scripts/fuzz-smoke.sh build-fuzz $${FUZZ_SECONDS:-30}

# The benchmark suite at 10M rows (BENCH_ARGS="--rows 10000000,100000000" for the scale runs).
bench: deps
	@[ -f build-bench/build.ninja ] || cmake --preset bench >/dev/null
	@ninja -C build-bench -j$(JOBS)
	@bench/run $(BENCH_ARGS)

# Iceberg scan planning: 2,000 manifests x 100 files, and 2,160 hourly commits.
bench-planning: deps
	@[ -f build-bench/build.ninja ] || cmake --preset bench >/dev/null
	@ninja -C build-bench -j$(JOBS) iceberg_planning_driver
	@bench/planning $(BENCH_ARGS)

# SQL queries against DuckDB: 10M rows of the sales table, 5 rounds, 2 threads.
bench-sql: deps
	@[ -f build-bench/build.ninja ] || cmake --preset bench >/dev/null
	@ninja -C build-bench -j$(JOBS) sql_query_driver
	@bench/sql $(BENCH_ARGS)

# Ingest CSV / JSON lines / Parquet into Iceberg against DuckDB's COPY to Parquet: 10M rows, 3 rounds.
bench-ingest: deps
	@[ -f build-bench/build.ninja ] || cmake --preset bench >/dev/null
	@ninja -C build-bench -j$(JOBS) floe
	@bench/ingest $(BENCH_ARGS)

# Every harness of `make bench` at a toy size (CI): floe's results checked
# against DuckDB's, no timing claims.
bench-smoke: build
	@bench/run --smoke

format:
	@git ls-files '*.h' '*.cc' | xargs clang-format -i

clean:
	rm -rf build build-asan build-fuzz build-bench
