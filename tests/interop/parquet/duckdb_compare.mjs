// Compares the rows DuckDB reads from a Parquet file with the rows floe
// printed for it (`floe inspect FILE --rows all --format json`).
// usage: node duckdb_compare.mjs FILE.parquet FLOE.jsonl
// Prints one JSON line; exit 0 when both hold the same multiset of rows,
// 1 when they differ, 3 when DuckDB itself cannot read the file, 4 when
// DuckDB cannot parse floe's text of the values (years past 9999).
import { DuckDBInstance } from '@duckdb/node-api';
import { statSync } from 'node:fs';

const [parquetPath, jsonPath] = process.argv.slice(2);
const q = (s) => "'" + s.replaceAll("'", "''") + "'";
const ident = (s) => '"' + s.replaceAll('"', '""') + '"';
const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const con = await instance.connect();
const out = (o, code) => { console.log(JSON.stringify(o, (k, v) => typeof v === 'bigint' ? v.toString() : v)); process.exit(code); };

let columns;
try {
  const d = await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${q(parquetPath)})`);
  columns = d.getRowObjectsJS().map((r) => ({ name: r.column_name, type: r.column_type }));
} catch (e) {
  out({ duckdb_error: String(e.message || e) }, 3);
}

// How each DuckDB type is compared: floe prints varbinary as base64 and
// reads nanosecond timestamps as microseconds.
function plan(c) {
  const t = c.type;
  const col = ident(c.name);
  if (t === 'BLOB') return { expr: `to_base64(${col})`, json: 'VARCHAR' };
  if (t === 'TIMESTAMP_NS') return { expr: `CAST(${col} AS TIMESTAMP)`, json: 'TIMESTAMP' };
  if (t === 'TIMESTAMP_MS' || t === 'TIMESTAMP_S') return { expr: `CAST(${col} AS TIMESTAMP)`, json: 'TIMESTAMP' };
  if (t === 'TIME_NS') return { expr: `CAST(${col} AS TIME)`, json: 'TIME' };
  if (t === 'TIMESTAMP WITH TIME ZONE') return { expr: `epoch_us(${col})`, json: 'VARCHAR', floe: (j) => `epoch_us(CAST(replace(${j}, ' UTC', '+00') AS TIMESTAMPTZ))` };
  if (t.startsWith('DECIMAL')) return { expr: col, json: 'VARCHAR', floe: (j) => `CAST(${j} AS ${t})` };
  if (t.includes('BLOB')) return { expr: col, json: t.replaceAll('BLOB', 'VARCHAR'), unsupported: true };
  return { expr: col, json: t };
}

const plans = columns.map(plan);
const unsupported = columns.filter((c, i) => plans[i].unsupported).map((c) => c.name);
const spec = '{' + columns.map((c, i) => `${q(c.name)}: ${q(plans[i].json)}`).join(', ') + '}';
const left = `SELECT ${columns.map((c, i) => `${plans[i].expr} AS ${ident(c.name)}`).join(', ')} FROM read_parquet(${q(parquetPath)})`;
let right;
if (statSync(jsonPath).size === 0) {
  right = `SELECT ${columns.map((c, i) => `CAST(NULL AS ${plans[i].json}) AS ${ident(c.name)}`).join(', ')} WHERE false`;
} else {
  right = `SELECT ${columns.map((c, i) => (plans[i].floe ? plans[i].floe(ident(c.name)) : ident(c.name)) + ' AS ' + ident(c.name)).join(', ')} FROM read_json(${q(jsonPath)}, format='newline_delimited', columns=${spec}, maximum_object_size=1073741824)`;
}
try {
  await con.run(`CREATE TABLE a AS ${left}`);
} catch (e) {
  out({ duckdb_error: String(e.message || e) }, 3);
}
try {
  await con.run(`CREATE TABLE b AS ${right}`);
} catch (e) {
  // floe's text for years past 9999 ("+10000-01-01", as Trino prints them)
  // is not something DuckDB's JSON reader parses: such files are not comparable.
  const msg = String(e.message || e);
  out({ floe_json_unreadable_by_duckdb: msg.slice(0, 300) }, /field format: "[+-]\d{5,}/.test(msg) ? 4 : 1);
}
try {
  const r = await con.runAndReadAll(`SELECT
      (SELECT count(*) FROM a) AS duckdb_rows,
      (SELECT count(*) FROM b) AS floe_rows,
      (SELECT count(*) FROM (SELECT * FROM a EXCEPT ALL SELECT * FROM b)) AS only_duckdb,
      (SELECT count(*) FROM (SELECT * FROM b EXCEPT ALL SELECT * FROM a)) AS only_floe`);
  const res = r.getRowObjectsJS()[0];
  if (unsupported.length) res.unsupported = unsupported;
  const same = res.duckdb_rows === res.floe_rows && res.only_duckdb === 0n && res.only_floe === 0n;
  if (!same) {
    // Which columns differ (as multisets), to point at the culprit.
    res.differing_columns = [];
    for (const c of columns) {
      const col = ident(c.name);
      const d = await con.runAndReadAll(`SELECT count(*) AS n FROM (SELECT ${col} FROM a EXCEPT ALL SELECT ${col} FROM b)`);
      const n = d.getRowObjectsJS()[0].n;
      if (n !== 0n) {
        const ex = await con.runAndReadAll(`SELECT (SELECT ${col}::VARCHAR FROM (SELECT ${col} FROM a EXCEPT ALL SELECT ${col} FROM b) LIMIT 1) AS duckdb, (SELECT ${col}::VARCHAR FROM (SELECT ${col} FROM b EXCEPT ALL SELECT ${col} FROM a) LIMIT 1) AS floe`);
        res.differing_columns.push({ column: c.name, type: c.type, rows: n, example: ex.getRowObjectsJS()[0] });
      }
    }
    const asText = columns.map((c) => `${ident(c.name)}::VARCHAR AS ${ident(c.name)}`).join(', ');
    const s1 = await con.runAndReadAll(`SELECT ${asText} FROM (SELECT * FROM a EXCEPT ALL SELECT * FROM b) LIMIT 3`);
    const s2 = await con.runAndReadAll(`SELECT ${asText} FROM (SELECT * FROM b EXCEPT ALL SELECT * FROM a) LIMIT 3`);
    res.sample_duckdb = s1.getRowObjectsJS();
    res.sample_floe = s2.getRowObjectsJS();
  }
  out(res, same ? 0 : 1);
} catch (e) {
  out({ compare_error: String(e.message || e) }, 1);
}
