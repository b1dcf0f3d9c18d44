// Parquet read/write: floe against DuckDB on the same files, one thread each,
// in one run, rounds in random order; reports medians and ratios floe/DuckDB.
//
//   node bench/parquet_vs_duckdb.mjs [--rows N] [--rounds K] [--codecs zstd,snappy] [--row-group N]
//                                    [--driver PATH] [--data DIR] [--results DIR]
//
// Reads: each engine decodes every column of the same file (floe into column
// vectors; DuckDB computes min() of every column). Writes: each engine
// writes the same rows from memory with the same codec and row-group size.
import { duckdbApi, geomean, median, parseArgs, runStamp, shuffle } from './common.mjs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const { DuckDBInstance } = duckdbApi();

const args = parseArgs();
const rows = Number(args.rows ?? 10_000_000);
const rounds = Number(args.rounds ?? 5);
const codecs = (args.codecs ?? 'zstd,snappy').split(',');
const rowGroup = Number(args['row-group'] ?? 1_000_000);
const driver = resolve(args.driver ?? join(here, '..', 'build-bench', 'bench', 'parquet_rw_driver'));
const dataDir = resolve(args.data ?? join(here, 'data'));
mkdirSync(dataDir, { recursive: true });

const instance = await DuckDBInstance.create(':memory:', { threads: '1', temp_directory: join(dataDir, 'duckdb_tmp') });
const con = await instance.connect();

function floe(...a) {
  return JSON.parse(execFileSync(driver, a, { encoding: 'utf8', maxBuffer: 1 << 20 }).trim());
}
async function duck(sql) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await con.run(sql);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6 };
}
const q = (s) => "'" + s.replaceAll("'", "''") + "'";

const minAll = (f) => `SELECT min(order_id), min(amount), min(price), min(order_date), min(order_ts), min(status), min(customer) FROM read_parquet(${q(f)})`;

const results = [];
for (const codec of codecs) {
  const floeFile = join(dataDir, `sales_${rows}_${codec}_floe.parquet`);
  const duckFile = join(dataDir, `sales_${rows}_${codec}_duckdb.parquet`);
  // Seed files (untimed), and DuckDB's in-memory copy of the rows.
  floe('write', floeFile, String(rows), codec, String(rowGroup));
  await con.run(`CREATE OR REPLACE TABLE sales AS SELECT * FROM read_parquet(${q(floeFile)})`);
  await con.run(`COPY sales TO ${q(duckFile)} (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE ${rowGroup})`);
  const samples = {};
  const add = (k, v) => (samples[k] ??= []).push(v);
  for (let r = 0; r < rounds; ++r) {
    const tasks = [
      ['write floe', async () => floe('write', floeFile, String(rows), codec, String(rowGroup))],
      ['write duckdb', async () => duck(`COPY sales TO ${q(duckFile)} (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE ${rowGroup})`)],
      ['read floe-file floe', async () => floe('read', floeFile)],
      ['read floe-file duckdb', async () => duck(minAll(floeFile))],
      ['read duckdb-file floe', async () => floe('read', duckFile)],
      ['read duckdb-file duckdb', async () => duck(minAll(duckFile))],
    ];
    for (const [name, fn] of shuffle(tasks)) {
      const res = await fn();
      add(name, res);
      process.stderr.write(`  ${codec} round ${r + 1}/${rounds} ${name}: ${res.wall.toFixed(3)}s\n`);
    }
  }
  const m = (k, f = 'wall') => median(samples[k].map((s) => s[f]));
  const row = {
    codec,
    rows,
    floe_file_bytes: statSync(floeFile).size,
    duckdb_file_bytes: statSync(duckFile).size,
    read_floe_file: { floe: m('read floe-file floe'), duckdb: m('read floe-file duckdb') },
    read_duckdb_file: { floe: m('read duckdb-file floe'), duckdb: m('read duckdb-file duckdb') },
    write: { floe: m('write floe'), duckdb: m('write duckdb') },
    spread: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, [Math.min(...v.map((s) => s.wall)), Math.max(...v.map((s) => s.wall))]])),
  };
  for (const k of ['read_floe_file', 'read_duckdb_file', 'write']) row[k].ratio = row[k].floe / row[k].duckdb;
  results.push(row);
}

const { date, commit } = runStamp();
const outDir = resolve(args.results ?? join(here, 'results'));
mkdirSync(outDir, { recursive: true });
const outFile = join(outDir, `${date}-${commit}-parquet-rw.json`);
writeFileSync(outFile, JSON.stringify({ date, commit, threads: 1, rounds, row_group_rows: rowGroup, results }, null, 2));

let md = `| codec | rows | read floe file: floe / DuckDB (s) | ratio | read DuckDB file: floe / DuckDB (s) | ratio | write: floe / DuckDB (s) | ratio | file MB floe / DuckDB |\n|---|---|---|---|---|---|---|---|---|\n`;
for (const r of results) {
  const f = (x) => x.toFixed(3);
  md += `| ${r.codec} | ${r.rows} | ${f(r.read_floe_file.floe)} / ${f(r.read_floe_file.duckdb)} | ${r.read_floe_file.ratio.toFixed(2)} | ${f(r.read_duckdb_file.floe)} / ${f(r.read_duckdb_file.duckdb)} | ${r.read_duckdb_file.ratio.toFixed(2)} | ${f(r.write.floe)} / ${f(r.write.duckdb)} | ${r.write.ratio.toFixed(2)} | ${(r.floe_file_bytes / 1e6).toFixed(1)} / ${(r.duckdb_file_bytes / 1e6).toFixed(1)} |\n`;
}
writeFileSync(outFile.replace(/\.json$/, '.md'), md);
console.log(md);

// Plot: ratio floe/DuckDB per case (below 1 = floe faster).
const dat = outFile.replace(/\.json$/, '.dat');
let lines = '';
for (const r of results) {
  lines += `"read floe file\\n${r.codec}" ${r.read_floe_file.ratio}\n`;
  lines += `"read DuckDB file\\n${r.codec}" ${r.read_duckdb_file.ratio}\n`;
  lines += `"write\\n${r.codec}" ${r.write.ratio}\n`;
}
writeFileSync(dat, lines);
const png = outFile.replace(/\.json$/, '.png');
const gp = `set terminal pngcairo size 900,520
set bmargin 4
set output '${png}'
set title 'Parquet on one thread: floe time / DuckDB time (${rows} rows, median of ${rounds}); below 1 = floe faster'
set style fill solid 0.6
set boxwidth 0.6
set yrange [0:${Math.max(1.25, 1.1 * Math.max(...results.flatMap((r) => [r.read_floe_file.ratio, r.read_duckdb_file.ratio, r.write.ratio])))}]
set grid ytics
set ylabel 'ratio floe / DuckDB'
plot '${dat}' using 0:2:xtic(1) with boxes notitle, 1 with lines lc rgb 'red' title 'parity'
`;
try {
  execFileSync('gnuplot', [], { input: gp });
  console.log(`plot: ${png}`);
} catch (e) {
  console.log('plot skipped: gnuplot not available');
}
console.log(`results: ${outFile}`);
