// Runs the queries of a floe differential run (tests/sql/differential) in
// DuckDB over the Parquet files floe wrote.
// usage: node sql/duckdb_queries.mjs IN.json OUT.json
//   IN:  {"tables": [{"name": "t1", "glob": "/.../data/**/*.parquet"}],
//         "queries": ["SELECT ...", ...]}
//   OUT: one entry per query: {"types": ["BIGINT", ...], "rows": [[cell, ...]]}
//        or {"error": "message"}; cells are text (numbers as exact text,
//        doubles as JavaScript prints them) or null.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync, writeFileSync } from 'node:fs';

const [inPath, outPath] = process.argv.slice(2);
const input = JSON.parse(readFileSync(inPath, 'utf8'));
const q = (s) => "'" + s.replaceAll("'", "''") + "'";
const ident = (s) => '"' + s.replaceAll('"', '""') + '"';
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const con = await instance.connect();
// DuckDB 1.5's top-N optimizer pushes its filter into the right side of a
// LEFT JOIN and NULL-extends rows that matched (seed 116 of the differential
// run): ORDER BY ... LIMIT runs as a full sort and a limit instead.
await con.run("SET disabled_optimizers = 'top_n'");
for (const t of input.tables) {
  // The files hold the partition columns themselves: hive directories are
  // not read as columns (they would also arrive with guessed types).
  await con.run(`CREATE VIEW ${ident(t.name)} AS SELECT * FROM read_parquet(${q(t.glob)}, hive_partitioning = false)`);
}

function cell(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return v.toString();  // DECIMAL, DATE, HUGEINT, ... values print exactly
}

const results = [];
for (const sql of input.queries) {
  try {
    const reader = await con.runAndReadAll(sql);
    results.push({
      types: reader.columnTypes().map((t) => t.toString()),
      rows: reader.getRows().map((row) => row.map(cell)),
    });
  } catch (e) {
    results.push({ error: String(e.message || e) });
  }
}
writeFileSync(outPath, JSON.stringify(results));
