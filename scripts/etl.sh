#!/usr/bin/env bash
# `make etl`: one more hour of orders, generated as CSV and appended to
# iceberg.demo.sales with INSERT ... SELECT FROM read_csv — by hand what the
# hourly pipeline will do. Run `make up` first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/demo-common.sh

if ! table_exists; then
  echo "iceberg.demo.sales does not exist yet: run 'make up' first" >&2
  exit 1
fi
IFS=, read -r last_id last_ts <<<"$(run_csv "SELECT max(order_id), max(order_ts) FROM iceberg.demo.sales")"
# The hour after the newest order's.
hour=$(date -u -d "$(date -u -d "$last_ts UTC" +'%Y-%m-%d %H:00:00') UTC + 1 hour" +'%Y-%m-%d %H:00:00')
end=$(date -u -d "$hour UTC + 3599 seconds" +'%Y-%m-%d %H:%M:%S')
rows=$((DEMO_ROWS / 720))  # as many as an hour of the first 30 days
dir="$DATA/hourly/$(date -u -d "$hour UTC" +'%Y%m%dT%H')"
rm -rf "$dir"
show "$FLOE bench gen --rows $rows --hours 1 --end '$end' --first-id $last_id --files 1 --out $dir"
$FLOE bench gen --rows "$rows" --hours 1 --end "$end" --first-id "$last_id" --files 1 --out "$dir"
query "INSERT INTO iceberg.demo.sales SELECT * FROM read_csv('$dir/*.csv', columns => $SALES_COLUMNS);"
query "SELECT date_trunc('hour', order_ts) AS hour, count(*) AS orders, sum(amount) AS amount FROM iceberg.demo.sales WHERE order_ts >= TIMESTAMP '$hour' - INTERVAL '2' HOUR GROUP BY 1 ORDER BY 1;"
query "SELECT snapshot_id, committed_at, summary['added-records'] AS added_records FROM iceberg.demo.\"sales\$snapshots\" ORDER BY committed_at DESC LIMIT 3;"
