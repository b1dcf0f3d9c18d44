// Reads Parquet data files with DuckDB and compares their rows with the
// rows floe reported for the table.
// usage: node duckdb_rows.mjs FILES.txt FLOE_ROWS.jsonl COLUMNS
// FILES.txt: one data file per line; FLOE_ROWS.jsonl: floe's rows as JSON
// objects; COLUMNS: comma-separated names to compare. Exit 0 when the
// multisets are equal, 1 (printing the difference) otherwise.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const [filesPath, rowsPath, columnsArg] = process.argv.slice(2);
const files = readFileSync(filesPath, 'utf8').split('\n').filter((l) => l.length > 0);
const columns = columnsArg.split(',');
const q = (s) => "'" + s.replaceAll("'", "''") + "'";
const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const con = await instance.connect();
const list = '[' + files.map(q).join(', ') + ']';
const duck = files.length === 0 ? [] :
  (await con.runAndReadAll(`SELECT ${columns.join(', ')} FROM read_parquet(${list})`)).getRowObjectsJS();
const key = (r) => JSON.stringify(columns.map((c) => (typeof r[c] === 'bigint' ? r[c].toString() : r[c] === undefined ? null : String(r[c]))));
const floe = readFileSync(rowsPath, 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l));
const a = duck.map(key).sort();
const b = floe.map(key).sort();
if (JSON.stringify(a) === JSON.stringify(b)) {
  console.log(JSON.stringify({ rows: a.length, files: files.length }));
  process.exit(0);
}
console.log(JSON.stringify({ duckdb: a.slice(0, 20), floe: b.slice(0, 20), duckdb_rows: a.length, floe_rows: b.length }));
process.exit(1);
