# Shared by scripts/demo.sh (make up) and scripts/etl.sh (make etl).
FLOE=${FLOE:-build/floe}
WAREHOUSE=${WAREHOUSE:-warehouse}
DATA=${DEMO_DATA:-$WAREHOUSE/demo-data}
DEMO_ROWS=${DEMO_ROWS:-3000000}
# The sales table's columns as the CSV files hold them (BENCHMARKS.md).
SALES_COLUMNS="DESCRIPTOR(order_id bigint, order_ts timestamp(6), order_date date, customer_id integer, product_id integer, store_id integer, amount decimal(12, 2), quantity integer, status varchar)"

# Prints a command as typed at a prompt.
show() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

# One statement's result as CSV without a header.
run_csv() { $FLOE sql --warehouse "$WAREHOUSE" --output-format csv -c "$1" | tr -d '"'; }

table_exists() {
  [ -d "$WAREHOUSE" ] && [ "$(run_csv "SHOW TABLES FROM iceberg.demo LIKE 'sales'" 2>/dev/null)" = sales ]
}

# Shows a query and its result as the shell prints it.
query() {
  show "$FLOE sql --warehouse $WAREHOUSE -c \"$1\"" ${2:+"  # $2"}
  $FLOE sql --warehouse "$WAREHOUSE" --output-format aligned -c "$1"
}
