// Runs one SQL statement in a fresh in-memory DuckDB (for bench/ingest_vs_duckdb.mjs,
// which times it under /usr/bin/time): prints {"seconds": s, "rows": [...]} as JSON.
//   node bench/duckdb_statement.mjs THREADS SQL
import { duckdbApi } from './common.mjs';

const { DuckDBInstance } = duckdbApi();

const [threads, sql] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:', { threads });
const con = await instance.connect();
const t0 = process.hrtime.bigint();
const reader = await con.runAndReadAll(sql);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const rows = reader.getRows().map((r) => r.map((v) => (typeof v === 'bigint' ? v.toString() : String(v))));
console.log(JSON.stringify({ seconds, rows }));
