// Compares what floe read from a CSV or JSON file with what DuckDB's
// read_csv / read_json reads from it: the column names and types, then the
// rows in order.
// usage: node duckdb_compare_text.mjs SPEC.json
// SPEC: { "query": "SELECT * FROM read_csv(...)", "floe_rows": "rows.jsonl",
//         "floe_types": [["name", "bigint"], ...] }
// floe_rows holds floe's rows as JSON objects (nested values as JSON text).
// Prints one JSON line; exit 0 when both agree, 1 when not, 3 when DuckDB
// cannot read the file.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const q = (s) => "'" + s.replaceAll("'", "''") + "'";
const ident = (s) => '"' + s.replaceAll('"', '""') + '"';
const out = (o, code) => {
  console.log(JSON.stringify(o, (k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  process.exit(code);
};
const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const con = await instance.connect();

let columns;
try {
  const d = await con.runAndReadAll(`DESCRIBE ${spec.query}`);
  columns = d.getRowObjectsJS().map((r) => ({ name: r.column_name, type: r.column_type }));
} catch (e) {
  out({ duckdb_error: String(e.message || e) }, 3);
}

// floe's type names as DuckDB spells them; floe reads nested JSON values
// as varchar holding their JSON text.
const duckType = (t) =>
  ({ boolean: 'BOOLEAN', bigint: 'BIGINT', integer: 'INTEGER', smallint: 'SMALLINT', double: 'DOUBLE',
     real: 'FLOAT', date: 'DATE', 'timestamp(6)': 'TIMESTAMP', 'time(6)': 'TIME', varchar: 'VARCHAR' })[t] ??
  t.toUpperCase().replace(/^DECIMAL\((\d+),(\d+)\)$/, 'DECIMAL($1,$2)');
const isNested = (t) => /^(STRUCT|MAP)\b|\[\]$/.test(t);
const problems = [];
if (columns.length !== spec.floe_types.length) {
  problems.push(`DuckDB has ${columns.length} columns, floe ${spec.floe_types.length}`);
}
columns.forEach((c, i) => {
  const [name, type] = spec.floe_types[i] ?? ['?', '?'];
  if (c.name !== name) problems.push(`column ${i + 1}: DuckDB names it ${c.name}, floe ${name}`);
  const expected = isNested(c.type) ? 'VARCHAR' : c.type;
  if (duckType(type) !== expected) problems.push(`column ${c.name}: DuckDB ${c.type}, floe ${type}`);
});
if (problems.length) out({ type_mismatches: problems }, 1);

const exprs = columns.map((c) => (isNested(c.type) ? `to_json(${ident(c.name)})::VARCHAR` : ident(c.name)) + ' AS ' + ident(c.name));
const jsonTypes = '{' + columns.map((c) => `${q(c.name)}: ${q(isNested(c.type) ? 'VARCHAR' : c.type)}`).join(', ') + '}';
await con.run(`CREATE TABLE a AS SELECT row_number() OVER () AS rn, ${exprs.join(', ')} FROM (${spec.query})`);
await con.run(`CREATE TABLE b AS SELECT row_number() OVER () AS rn, * FROM read_json(${q(spec.floe_rows)}, format='newline_delimited', columns=${jsonTypes})`);
const r = (await con.runAndReadAll(`SELECT
    (SELECT count(*) FROM a) AS duckdb_rows,
    (SELECT count(*) FROM b) AS floe_rows,
    (SELECT count(*) FROM (SELECT * FROM a EXCEPT ALL SELECT * FROM b)) AS only_duckdb,
    (SELECT count(*) FROM (SELECT * FROM b EXCEPT ALL SELECT * FROM a)) AS only_floe`)).getRowObjectsJS()[0];
if (r.duckdb_rows === r.floe_rows && r.only_duckdb === 0n && r.only_floe === 0n) out(r, 0);
r.duckdb = (await con.runAndReadAll('SELECT * FROM (SELECT * FROM a EXCEPT ALL SELECT * FROM b) ORDER BY rn LIMIT 3')).getRowObjectsJS();
r.floe = (await con.runAndReadAll('SELECT * FROM (SELECT * FROM b EXCEPT ALL SELECT * FROM a) ORDER BY rn LIMIT 3')).getRowObjectsJS();
out(r, 1);
