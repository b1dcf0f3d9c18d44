// Ingest: CSV, JSON lines and Parquet files loaded into an Iceberg table by
// floe (`INSERT INTO ... SELECT * FROM read_csv(...)` through `floe sql`),
// against DuckDB writing the same rows to Parquet
// (`COPY (SELECT * FROM read_csv(...)) TO '...' (FORMAT parquet, COMPRESSION
// zstd, ROW_GROUP_SIZE n)`), as BENCHMARKS.md sets it up: same input files,
// same codec (zstd), the same rows per row group (n: what floe wrote in an
// untimed first run), same threads; and DuckDB once more with its default
// row group size (122,880 rows), which suits its writer better. Each run is a fresh process under
// /usr/bin/time (peak RSS); rounds run in random order; medians reported.
//
//   node bench/ingest_vs_duckdb.mjs [--rows N] [--rounds K] [--threads T]
//        [--floe PATH] [--data DIR] [--results DIR] [--formats csv,jsonl,parquet]
import { duckdbApi, geomean, median, parseArgs, runStamp, shuffle } from './common.mjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = parseArgs();
const rows = Number(args.rows ?? 10_000_000);
const rounds = Number(args.rounds ?? 3);
const threads = Number(args.threads ?? 2);
const floe = resolve(args.floe ?? join(here, '..', 'build-bench', 'floe'));
const dataDir = resolve(args.data ?? join(here, 'data', `ingest-${rows}`));
const formats = (args.formats ?? 'csv,jsonl,parquet').split(',');
const duckChild = join(here, 'duckdb_statement.mjs');

const floeColumns = 'DESCRIPTOR(order_id bigint, order_ts timestamp(6), order_date date, ' +
  'customer_id integer, product_id integer, store_id integer, amount decimal(12, 2), ' +
  'quantity integer, status varchar)';
const duckColumns = "{'order_id': 'BIGINT', 'order_ts': 'TIMESTAMP', 'order_date': 'DATE', " +
  "'customer_id': 'INTEGER', 'product_id': 'INTEGER', 'store_id': 'INTEGER', " +
  "'amount': 'DECIMAL(12,2)', 'quantity': 'INTEGER', 'status': 'VARCHAR'}";
const createTable = 'CREATE SCHEMA b; CREATE TABLE b.sales (order_id bigint NOT NULL, ' +
  'order_ts timestamp(6), order_date date, customer_id integer, product_id integer, ' +
  'store_id integer, amount decimal(12, 2), quantity integer, status varchar)';

function duck(sql) {
  const r = spawnSync('node', [duckChild, String(threads), sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`DuckDB: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// ---- input files: the same rows as CSV, JSON lines (floe bench gen) and Parquet (DuckDB) ----
const input = {};
for (const f of formats) {
  const dir = join(dataDir, f);
  if (!existsSync(join(dir, '.done'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    if (f === 'parquet') {
      const csvDir = join(dataDir, 'csv');
      if (!existsSync(join(csvDir, '.done'))) throw new Error('parquet input is made from the CSV files: list csv first');
      for (const name of readdirSync(csvDir).filter((n) => n.endsWith('.csv'))) {
        duck(`COPY (SELECT * FROM read_csv('${join(csvDir, name)}', columns = ${duckColumns}, header = true)) ` +
          `TO '${join(dir, name.replace('.csv', '.parquet'))}' (FORMAT parquet, COMPRESSION zstd)`);
      }
    } else {
      execFileSync(floe, ['bench', 'gen', '--rows', String(rows), '--files', String(threads),
        '--format', f, '--out', dir], { stdio: 'inherit' });
    }
    writeFileSync(join(dir, '.done'), '');
  }
  const files = readdirSync(dir).filter((n) => !n.startsWith('.'));
  input[f] = { glob: join(dir, `*.${f}`), bytes: files.reduce((s, n) => s + statSync(join(dir, n)).size, 0) };
}

const reader = (f, engine) => {
  const g = input[f].glob;
  if (f === 'parquet') return `read_parquet('${g}')`;
  if (engine === 'floe') return `${f === 'csv' ? 'read_csv' : 'read_json'}('${g}', columns => ${floeColumns})`;
  return f === 'csv' ? `read_csv('${g}', columns = ${duckColumns}, header = true)`
    : `read_json('${g}', columns = ${duckColumns}, format = 'newline_delimited')`;
};

const dirBytes = (dir) => readdirSync(dir, { recursive: true })
  .map((n) => join(dir, n)).filter((p) => statSync(p).isFile() && p.endsWith('.parquet'))
  .reduce((s, p) => s + statSync(p).size, 0);

// One floe load into a fresh warehouse: seconds, peak RSS, rows, bytes written.
function runFloe(f) {
  const wh = mkdtempSync(join(tmpdir(), 'floe-ingest-'));
  try {
    execFileSync(floe, ['sql', '--warehouse', wh, '-c', createTable], { stdio: 'pipe' });
    const sql = `INSERT INTO b.sales SELECT * FROM ${reader(f, 'floe')}`;
    const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', floe, 'sql', '--warehouse', wh,
      '--threads', String(threads), '-c', sql], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`floe: ${r.stderr}`);
    const [, secs, kb] = r.stderr.match(/TIME ([\d.]+) (\d+)/);
    const loaded = Number(r.stderr.match(/INSERT: ([\d,]+) rows/)[1].replaceAll(',', ''));
    const data = join(wh, 'warehouse', 'b', 'sales', 'data');
    const rg = duck(`SELECT count(DISTINCT (file_name, row_group_id)) AS groups FROM parquet_metadata('${data}/*.parquet')`);
    return { seconds: Number(secs), rss_mb: Number(kb) / 1024, rows: loaded, out_bytes: dirBytes(data),
      row_groups: Number(rg.rows[0][0]) };
  } finally {
    rmSync(wh, { recursive: true, force: true });
  }
}

// One DuckDB COPY in a fresh process: the statement's seconds (measured inside), peak RSS.
function runDuck(f, rowGroup) {  // rowGroup null: DuckDB's default
  const dir = mkdtempSync(join(tmpdir(), 'duck-ingest-'));
  try {
    const out = join(dir, 'out.parquet');
    const sql = `COPY (SELECT * FROM ${reader(f, 'duckdb')}) TO '${out}' ` +
      `(FORMAT parquet, COMPRESSION zstd${rowGroup ? `, ROW_GROUP_SIZE ${rowGroup}` : ''})`;
    const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', 'node', duckChild, String(threads), sql],
      { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`DuckDB: ${r.stderr}`);
    const [, , kb] = r.stderr.match(/TIME ([\d.]+) (\d+)/);
    const res = JSON.parse(r.stdout);
    const count = duck(`SELECT count(*) FROM read_parquet('${out}')`);
    return { seconds: res.seconds, rss_mb: Number(kb) / 1024, rows: Number(count.rows[0][0]),
      out_bytes: statSync(out).size };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Rows per row group: floe's, from an untimed first load (which also warms the page cache).
const rowGroup = {};
for (const f of formats) {
  const w = runFloe(f);
  rowGroup[f] = Math.round(w.rows / w.row_groups);
  process.stderr.write(`  warm-up ${f}: floe wrote ${w.row_groups} row groups (${rowGroup[f]} rows each)\n`);
}

const samples = {};
for (let r = 0; r < rounds; ++r) {
  for (const [f, engine] of shuffle(formats.flatMap((f) => [[f, 'floe'], [f, 'duckdb'], [f, 'duckdb_default']]))) {
    const res = engine === 'floe' ? runFloe(f) : runDuck(f, engine === 'duckdb' ? rowGroup[f] : null);
    ((samples[f] ??= {})[engine] ??= []).push(res);
    process.stderr.write(`  round ${r + 1}/${rounds} ${f} ${engine}: ${res.seconds.toFixed(2)} s, ` +
      `${res.rss_mb.toFixed(0)} MB peak, ${res.rows} rows\n`);
  }
}

const results = formats.map((f) => {
  const summary = (xs) => ({
    seconds: median(xs.map((x) => x.seconds)),
    spread: [Math.min(...xs.map((x) => x.seconds)), Math.max(...xs.map((x) => x.seconds))],
    rss_mb: Math.max(...xs.map((x) => x.rss_mb)), rows: xs[0].rows, out_bytes: xs[0].out_bytes,
  });
  const fl = summary(samples[f].floe), dk = summary(samples[f].duckdb);
  const dd = summary(samples[f].duckdb_default);
  return {
    format: f, input_bytes: input[f].bytes, row_group_rows: rowGroup[f], floe: fl, duckdb: dk,
    duckdb_default: dd,
    floe_rows_per_s: fl.rows / fl.seconds, duckdb_rows_per_s: dk.rows / dk.seconds,
    ratio: fl.seconds / dk.seconds, ratio_default: fl.seconds / dd.seconds,
    rows_match: fl.rows === rows && dk.rows === rows && dd.rows === rows,
  };
});

const { date, commit } = runStamp();
const outDir = resolve(args.results ?? join(here, 'results'));
mkdirSync(outDir, { recursive: true });
const base = join(outDir, `${date}-${commit}-ingest-${rows}`);
writeFileSync(`${base}.json`, JSON.stringify({ date, commit, rows, threads, rounds, results }, null, 2));
const mb = (b) => (b / 1e6).toFixed(0);
let md = `Ingest, ${rows} rows, ${threads} threads, medians of ${rounds} rounds (random order): floe ` +
  'INSERT INTO an Iceberg table vs DuckDB COPY TO Parquet (zstd, same rows per row group)\n\n' +
  '| input | input MB | floe (s) | DuckDB (s) | ratio floe/DuckDB | DuckDB default row groups (s) | ratio | floe rows/s | DuckDB rows/s | floe MB/s in | bytes/row floe / DuckDB | peak RSS MB floe / DuckDB / DuckDB default |\n' +
  '|---|---|---|---|---|---|---|---|---|---|---|---|\n';
for (const r of results) {
  md += `| ${r.format} | ${mb(r.input_bytes)} | ${r.floe.seconds.toFixed(2)} | ${r.duckdb.seconds.toFixed(2)} | ` +
    `${r.ratio.toFixed(2)}${r.rows_match ? '' : ' (rows differ!)'} | ${r.duckdb_default.seconds.toFixed(2)} | ` +
    `${r.ratio_default.toFixed(2)} | ${(r.floe_rows_per_s / 1e6).toFixed(2)}M | ` +
    `${(r.duckdb_rows_per_s / 1e6).toFixed(2)}M | ${(r.input_bytes / 1e6 / r.floe.seconds).toFixed(0)} | ` +
    `${(r.floe.out_bytes / rows).toFixed(1)} / ${(r.duckdb.out_bytes / rows).toFixed(1)} | ` +
    `${r.floe.rss_mb.toFixed(0)} / ${r.duckdb.rss_mb.toFixed(0)} / ${r.duckdb_default.rss_mb.toFixed(0)} |\n`;
}
md += '\nfloe: wall time of `floe sql -c "INSERT ..."` (process start, catalog, read, write, commit). ' +
  'DuckDB: the COPY statement alone, timed inside its process; its peak RSS includes node (~50 MB).\n';
writeFileSync(`${base}.md`, md);
console.log(md);

const dat = `${base}.dat`;
writeFileSync(dat, results.map((r, i) => `${i} ${r.format} ${r.floe_rows_per_s / 1e6} ${r.duckdb_rows_per_s / 1e6} ` +
  `${r.duckdb_default.rows / r.duckdb_default.seconds / 1e6}`).join('\n') + '\n');
try {
  execFileSync('gnuplot', ['-e', [
    'set terminal png size 800,420', `set output '${base}.png'`,
    `set title 'Ingest, ${rows} rows, ${threads} threads: million rows/s (higher is better)'`,
    'set style data histograms', 'set style histogram clustered gap 1', 'set style fill solid 0.7',
    'set grid ytics', 'set yrange [0:*]', 'set key outside bottom center horizontal',
    `plot '${dat}' using 3:xtic(2) title 'floe -> Iceberg', '' using 4 title 'DuckDB -> Parquet (same row groups)', ` +
      `'' using 5 title 'DuckDB -> Parquet (its default row groups)'`,
  ].join('; ')]);
} catch (e) { process.stderr.write(`plot skipped: ${e.message}\n`); }

// --strict (the smoke run in CI): rows loaded that differ fail the run.
if (args.strict !== undefined && results.some((r) => !r.rows_match)) {
  process.stderr.write(`rows differ: ${results.filter((r) => !r.rows_match).map((r) => r.format).join(', ')}\n`);
  process.exit(1);
}
