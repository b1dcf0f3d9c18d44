// The DuckDB side of the SQL query comparison: runs queries over
// read_parquet of the files floe lists for iceberg.demo.sales.
//
//   node bench/sql_duckdb_side.mjs FILES_LIST THREADS ROUNDS SQL...
//
// Prints one JSON object per query (median/min/max seconds, rows), as
// bench/sql_query_driver does for floe.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', 'tests', 'interop', 'package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');

const [filesList, threads, rounds, ...queries] = process.argv.slice(2);
const files = readFileSync(filesList, 'utf8').trim().split('\n');
const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const con = await instance.connect();
const list = files.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ');
await con.run(`CREATE VIEW sales AS SELECT * FROM read_parquet([${list}])`);
for (const q of queries) {
  const times = [];
  let rows = 0;
  for (let r = 0; r < Number(rounds); ++r) {
    const t0 = process.hrtime.bigint();
    const reader = await con.runAndReadAll(q);
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    rows = reader.currentRowCount;
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ sql: q, threads: Number(threads), median_s: times[times.length >> 1],
    min_s: times[0], max_s: times[times.length - 1], rows }));
}
