#!/usr/bin/env bash
# Runs every fuzz target in BUILD_DIR for SECONDS each, after replaying the
# committed regressions and seed corpus. Fails if any target crashes.
set -euo pipefail
build=${1:-build-fuzz}
seconds=${2:-30}
root=$(cd "$(dirname "$0")/.." && pwd)
shopt -s nullglob
targets=("$build"/fuzz/*_fuzz)
if [ ${#targets[@]} -eq 0 ]; then echo "fuzz-smoke: no fuzz targets built"; exit 0; fi
fail=0
for t in "${targets[@]}"; do
  name=$(basename "$t")
  corpus=$(mktemp -d)
  seeds=()
  [ -d "$root/fuzz/corpus/$name" ] && seeds+=("$root/fuzz/corpus/$name")
  # Seeds from the shared fixtures (never copied into the repo).
  fixtures="$root/../shared/fixtures"
  seed_dir="$corpus.seeds"
  mkdir -p "$seed_dir"
  case "$name" in
    parquet_file_fuzz)
      find "$fixtures/parquet" -name '*.parquet' -size -64k -exec cp {} "$seed_dir/" \; 2>/dev/null || true ;;
    parquet_footer_fuzz)
      # The footer bytes of each fixture: the 4-byte length before the final PAR1.
      for f in "$fixtures"/parquet/data/*.parquet; do
        size=$(stat -c %s "$f"); [ "$size" -gt 12 ] || continue
        len=$(od -An -tu4 -j $((size - 8)) -N4 "$f" | tr -d ' ')
        [ "$len" -gt 0 ] && [ "$len" -lt "$size" ] && tail -c $((len + 8)) "$f" | head -c "$len" > "$seed_dir/$(basename "$f").footer"
      done ;;
    tzif_fuzz)
      for z in Europe/Berlin America/New_York Australia/Sydney Asia/Kolkata UTC; do
        [ -f "/usr/share/zoneinfo/$z" ] && cp "/usr/share/zoneinfo/$z" "$seed_dir/${z//\//_}"
      done ;;
    json_fuzz)
      printf '%s' '{"type":"record","name":"r","fields":[{"name":"a","type":["null","long"],"field-id":1}]}' > "$seed_dir/schema.json" ;;
    iceberg_metadata_fuzz)
      k=0
      while IFS= read -r f; do
        k=$((k + 1)); cp "$f" "$seed_dir/$k.json"
      done < <(find "$fixtures/iceberg" -name '*.metadata.json' -size -64k) ;;
    iceberg_manifest_fuzz)
      # Manifests and manifest lists of the fixture tables.
      find "$fixtures/iceberg" -name '*.avro' -size -64k -exec cp {} "$seed_dir/" \; 2>/dev/null || true ;;
    sql_parser_fuzz|sql_query_fuzz)
      # The queries of the benchmark set and a few more constructs.
      k=0
      while IFS= read -r q; do
        k=$((k + 1)); printf '%s' "$q" > "$seed_dir/$k.sql"
      done <<'SQL'
SELECT order_date, SUM(amount) FROM iceberg.demo.sales GROUP BY order_date
SELECT status, count(*) FROM sales WHERE order_ts >= TIMESTAMP '2025-12-31 23:00:00' GROUP BY status
SELECT date_trunc('hour', order_ts), count(*) FROM s GROUP BY 1 ORDER BY 1 LIMIT 10
WITH d AS (SELECT a, sum(b) t FROM x GROUP BY ROLLUP (a)) SELECT a, sum(t) OVER (PARTITION BY a ORDER BY a ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) FROM d
SELECT * FROM a LEFT JOIN b USING (id) WHERE x IN (SELECT y FROM c) AND z NOT BETWEEN 1 AND 2 UNION ALL VALUES (1, 'a')
SELECT CASE WHEN x IS NULL THEN CAST(y AS decimal(12, 2)) ELSE try_cast(z AS row(a bigint)) END, INTERVAL '1' DAY, X'ff' FROM "t$snapshots" FOR VERSION AS OF 1
SELECT k % 3, count(*), sum(v), avg(v) FROM (VALUES (1, 2.5), (2, NULL), (3, 4.0)) t(k, v) GROUP BY 1 ORDER BY 2 DESC LIMIT 2
SELECT a.x, b.y FROM (VALUES 1, 2, 3) a(x) LEFT JOIN (VALUES 2, 3, 4) b(y) ON a.x = b.y WHERE a.x IN (SELECT 2) OR EXISTS (SELECT 1 WHERE a.x > 2)
SELECT x, rank() OVER (ORDER BY x DESC), sum(x) OVER (ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM (VALUES 5, 3, 5, NULL) t(x)
SELECT coalesce(NULL, 'a') || upper('b'), nullif(1, 1), try(1 / 0), 'abc' LIKE 'a%', CAST('12.50' AS decimal(5, 2)) INTERSECT SELECT 'aB', NULL, NULL, true, 12.5
SQL
      ;;
    csv_reader_fuzz)
      # The first byte picks options (see the target); the rest is the file.
      printf '\000a,b,c\n1,"x,y",2024-01-02\n2,"q""r\nz",\n' > "$seed_dir/quoted.csv"
      printf '\004id;name\r\n1;"a"b\r\n2;x;y\r\n' > "$seed_dir/rejects.csv"
      printf '\010h\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n' > "$seed_dir/splits.csv"
      printf '\200-1.23456,2024-01-02,abc,10:00:00\n7,1970-1-1,\xc3\xbc,23:59\n' > "$seed_dir/typed.csv"
      printf '\100d,t\n31/01/2024,2024-01-02T10:00:00.5+02:00\n' > "$seed_dir/formats.csv" ;;
    json_lines_fuzz)
      printf '\000{"a": 1, "b": "x", "c": {"k": [1, 2.5e3, null]}, "d": "2024-01-02"}\n{"a": true}\n' > "$seed_dir/lines.json"
      printf '\004[{"a": "\\u00fc\\ud83d\\ude00", "b": -0.5}, 7, {"c": "2024-01-02 10:00:00"}]' > "$seed_dir/array.json"
      printf '\200{"a": 9223372036854775807, "b": "12.3456", "c": "2024-01-02T10:00:00", "d": "no", "e": [[[]]]}\n' > "$seed_dir/typed.json" ;;
    avro_*)
      find "$fixtures/avro" -name '*.avro' -exec cp {} "$seed_dir/" \; 2>/dev/null || true ;;
  esac
  seeds+=("$seed_dir")
  [ -d "$root/fuzz/regressions/$name" ] && seeds+=("$root/fuzz/regressions/$name")
  # FUZZ_RUNS (CI) makes the run reproducible: a fixed seed and count of
  # inputs instead of a time limit, so CI's result does not depend on luck.
  if [ -n "${FUZZ_RUNS:-}" ]; then
    limit=(-runs="$FUZZ_RUNS" -seed=1)
    echo "fuzz-smoke: $name for $FUZZ_RUNS runs (seed 1)"
  else
    limit=(-max_total_time="$seconds")
    echo "fuzz-smoke: $name for ${seconds}s"
  fi
  if ! "$t" "${limit[@]}" -rss_limit_mb=2048 -max_len=65536 -timeout=10 \
       -artifact_prefix="$corpus/" "$corpus" "${seeds[@]}" >"$corpus.log" 2>&1; then
    # (The log sits beside the corpus, not in it: the fuzzer would read it as an input.)
    echo "fuzz-smoke: $name FAILED"; grep -E "ERROR|SUMMARY|^    #[0-9]+ " "$corpus.log" | head -30
    # Keep the input that failed: it becomes a regression case replayed by ctest.
    mkdir -p "$root/fuzz/regressions/$name"
    for a in "$corpus"/crash-* "$corpus"/leak-* "$corpus"/timeout-* "$corpus"/oom-*; do
      [ -f "$a" ] && cp "$a" "$root/fuzz/regressions/$name/" && echo "fuzz-smoke: kept fuzz/regressions/$name/$(basename "$a")"
    done
    fail=1
  else
    grep -E "^(Done|#[0-9]+ +DONE)" "$corpus.log" | tail -1 || true
  fi
  rm -rf "$corpus" "$corpus.log" "$seed_dir"
done
exit $fail
