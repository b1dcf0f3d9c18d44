#!/usr/bin/env bash
# `make up` (until the server issue makes it start the platform): a sample
# sales dataset as CSV files for the last 30 days, loaded with SQL into the
# Iceberg table iceberg.demo.sales (partitioned by day), then the two
# example queries. Runs again in seconds: an existing table is kept.
#
#   DEMO_ROWS   rows to generate (default 3,000,000)
#   WAREHOUSE   the warehouse directory (default ./warehouse)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/demo-common.sh

echo "floe $($FLOE version | cut -d' ' -f2) built at $FLOE; warehouse: $WAREHOUSE"
echo

if table_exists; then
  echo "iceberg.demo.sales exists already ($(run_csv "SELECT count(*) FROM demo.sales") rows);"
  echo "'make etl' appends an hour, 'make demo-clean' starts again."
else
  # Orders over the 30 days up to the last full hour.
  end=$(date -u -d "$(date -u +'%Y-%m-%d %H:00:00') UTC - 1 second" +'%Y-%m-%d %H:%M:%S')
  rm -rf "$DATA/sales"
  show "$FLOE bench gen --rows $DEMO_ROWS --days 30 --end '$end' --format csv --out $DATA/sales"
  $FLOE bench gen --rows "$DEMO_ROWS" --days 30 --end "$end" --format csv --out "$DATA/sales"
  echo
  load_sql=$(cat <<SQL
CREATE SCHEMA IF NOT EXISTS iceberg.demo;
CREATE TABLE iceberg.demo.sales (
  order_id bigint NOT NULL, order_ts timestamp(6), order_date date, customer_id integer,
  product_id integer, store_id integer, amount decimal(12, 2), quantity integer, status varchar)
WITH (partitioning = ARRAY['day(order_ts)']);
INSERT INTO iceberg.demo.sales
SELECT * FROM read_csv('$DATA/sales/*.csv', columns => $SALES_COLUMNS);
SQL
)
  show "$FLOE sql --warehouse $WAREHOUSE <<'SQL'"
  echo "$load_sql"
  echo "SQL"
  start=$(date +%s%N)
  $FLOE sql --warehouse "$WAREHOUSE" <<<"$load_sql"
  elapsed_ms=$((($(date +%s%N) - start) / 1000000))
  echo "loaded $DEMO_ROWS rows in $((elapsed_ms / 1000)).$(printf %03d $((elapsed_ms % 1000))) s"
  echo
fi

query "SELECT * FROM iceberg.demo.sales LIMIT 10;" "(the first rows)"
query "SELECT order_date, SUM(amount) FROM iceberg.demo.sales GROUP BY order_date ORDER BY order_date;"
echo
echo "Next: 'make sql' opens the shell on $WAREHOUSE; 'make etl' loads one more hour."
