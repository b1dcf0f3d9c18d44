// SQL queries: floe against DuckDB on the same Parquet files (BENCHMARKS.md's
// sales table and the queries of its set that need only that table), both
// resident, rounds in random order; reports medians and ratios floe/DuckDB.
//
//   node bench/sql_vs_duckdb.mjs [--rows N] [--rounds K] [--threads T] [--memory-limit GB]
//                                [--driver PATH] [--data DIR] [--results DIR] [--only ID,ID]
//
// floe runs through `sql_query_driver serve` (results streamed into a
// checksum, as a client receives them); DuckDB over read_parquet of the
// data files of floe's current snapshot, streamed. Row counts must agree,
// or the query's result is marked as a mismatch. The monitoring queries
// also run on DuckDB in two more forms: the hive glob a user without
// Iceberg would write, and the list of only the files partition pruning
// keeps. Per query: wall and CPU time, the peak resident set of each
// engine's process during it, floe's counters, and the physical limit
// (BENCHMARKS.md) with each engine's efficiency against it.
import { duckdbApi, geomean, median, parseArgs, peakRss, resetPeakRss, runStamp, shuffle } from './common.mjs';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const here = dirname(fileURLToPath(import.meta.url));
const { DuckDBInstance } = duckdbApi();

const args = parseArgs();
const rows = Number(args.rows ?? 10_000_000);
const rounds = Number(args.rounds ?? 5);
const threads = Number(args.threads ?? 2);
// Parity (BENCHMARKS.md): both engines get the same memory limit (GB; none
// given: each engine's default) and spill to the same temporary directory.
const memoryLimitGb = args['memory-limit'] ? Number(args['memory-limit']) : 0;
const spillDir = mkdtempSync(join(tmpdir(), 'floe-bench-spill-'));
const driver = resolve(args.driver ?? join(here, '..', 'build-bench', 'bench', 'sql_query_driver'));
const dataDir = resolve(args.data ?? join(here, 'data', `sales-${rows}`));

// The query set (BENCHMARKS.md ids); DuckDB's text differs only where noted.
const last = "TIMESTAMP '2025-12-31 23:00:00'";
const day = "TIMESTAMP '2025-12-31 00:00:00'";
const queries = [
  ['S1', 'seed', 'SELECT * FROM sales'],
  ['S2', 'seed', 'SELECT order_date, sum(amount) FROM sales GROUP BY order_date'],
  ['M1', 'monitoring', `SELECT status, count(*) FROM sales WHERE order_ts >= ${last} GROUP BY status`],
  ['M2', 'monitoring', `SELECT store_id, count(*), sum(amount) FROM sales WHERE order_ts >= ${day} GROUP BY store_id`],
  ['M3', 'monitoring', `SELECT date_trunc('hour', order_ts), count(*), sum(amount) FROM sales WHERE order_ts >= ${day} GROUP BY 1 ORDER BY 1`],
  ['M4', 'point lookup', 'SELECT * FROM sales WHERE order_id = 1234567'],
  ['R1', 'report', 'SELECT s.region, o.order_date, count(*), sum(o.amount) FROM sales o JOIN stores s ' +
    "ON o.store_id = s.store_id WHERE o.order_ts >= TIMESTAMP '2025-12-01 00:00:00' GROUP BY 1, 2"],
  ['R2', 'report', "SELECT p.category, date_trunc('month', o.order_date), count(*), sum(o.amount) " +
    'FROM sales o JOIN products p ON o.product_id = p.product_id GROUP BY 1, 2',
    // DuckDB's date_trunc of a date is a timestamp; Trino's is a date.
  "SELECT p.category, CAST(date_trunc('month', o.order_date) AS DATE), count(*), sum(o.amount) " +
    'FROM sales o JOIN products p ON o.product_id = p.product_id GROUP BY 1, 2'],
  ['R3', 'report', 'SELECT order_date, status, count(*), sum(amount) FROM sales GROUP BY 1, 2'],
  ['H1', 'high-card', 'SELECT customer_id, sum(amount) s, count(*) FROM sales GROUP BY 1 ORDER BY s DESC LIMIT 10'],
  ['H2', 'very high-card', 'SELECT customer_id, product_id, count(*) FROM sales GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 10'],
  ['J1', 'big join', 'SELECT c.segment, count(*), sum(o.amount) FROM sales o JOIN customers c ' +
    'ON o.customer_id = c.customer_id GROUP BY 1'],
  ['T1', 'top-N', 'SELECT * FROM sales ORDER BY amount DESC LIMIT 100'],
  ['T2', 'sort', 'SELECT order_id, amount FROM sales ORDER BY amount DESC, order_id'],
  ['D1', 'distinct', 'SELECT count(DISTINCT customer_id) FROM sales'],
  ['D2', 'approx', 'SELECT approx_distinct(customer_id) FROM sales',
    'SELECT approx_count_distinct(customer_id) FROM sales'],
  ['W1', 'window', 'SELECT store_id, order_date, sum(s) OVER (PARTITION BY store_id ORDER BY order_date ' +
    'ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) FROM (SELECT store_id, order_date, sum(amount) s ' +
    'FROM sales GROUP BY 1, 2)'],
].filter(([id]) => !args.only || args.only.split(',').includes(id));

// --list-queries: the set as JSON (bench/suite.mjs's callgrind runs), nothing run.
if (args['list-queries'] !== undefined) {
  console.log(JSON.stringify(queries.map(([id, cls, sql]) => ({ id, class: cls, sql }))));
  process.exit(0);
}

// The sales table and its dimensions (tables already generated are kept).
mkdirSync(dataDir, { recursive: true });
execFileSync(driver, ['generate', dataDir, String(rows)], { stdio: 'inherit' });
const tables = ['sales', 'customers', 'products', 'stores'];
const filesOf = Object.fromEntries(tables.map((t) => [t,
  execFileSync(driver, ['files', dataDir, t], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n')]));
const sqlList = (files) => files.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ');

// This machine's limits (BENCHMARKS.md's physical-limit estimate), measured
// before anything else runs.
const calibration = JSON.parse(execFileSync(driver, ['calibrate', dataDir], { encoding: 'utf8' }));
process.stderr.write(`  calibration: memcpy ${(calibration.memcpy_bytes_per_s / 1e9).toFixed(1)} GB/s, ` +
  `zstd ${(calibration.zstd_bytes_per_s / 1e9).toFixed(2)} GB/s per core, ` +
  `read ${(calibration.read_bytes_per_s_2_threads / 1e9).toFixed(1)} GB/s on 2 threads\n`);

// The monitoring queries in DuckDB's other two forms (BENCHMARKS.md): the
// hive glob over the table's data directory with the predicate repeated
// on the partition column, and the list of only the files of the
// partitions the filter keeps (what floe's partition pruning keeps).
const dataRoot = filesOf.sales[0].slice(0, filesOf.sales[0].indexOf('/data/') + 6);
const monitoringForms = (sql) => {
  const m = sql.match(/FROM sales WHERE order_ts >= TIMESTAMP '(\d{4}-\d\d-\d\d) [^']*'/);
  if (!m) return {};
  const from = m[1];
  const kept = filesOf.sales.filter((f) => (f.match(/order_ts_day=(\d{4}-\d\d-\d\d)/) ?? [])[1] >= from);
  return {
    hive: sql.replace('FROM sales WHERE', `FROM read_parquet('${dataRoot}**/*.parquet', hive_partitioning = true) ` +
      `WHERE order_ts_day >= DATE '${from}' AND`),
    pruned: sql.replace('FROM sales WHERE', `FROM read_parquet([${sqlList(kept)}], hive_partitioning = false) WHERE`),
  };
};

// Process start, measured apart from the queries: floe's driver started
// until it answers its first query; DuckDB's node process started until
// its instance answers one.
const startSeconds = { floe: [], duckdb: [] };
for (let i = 0; i < 3; ++i) {
  let t0 = process.hrtime.bigint();
  execFileSync(driver, ['serve', dataDir, String(threads)], { input: 'SELECT 1\n' });
  startSeconds.floe.push(Number(process.hrtime.bigint() - t0) / 1e9);
  t0 = process.hrtime.bigint();
  execFileSync('node', [join(here, 'duckdb_statement.mjs'), String(threads), 'SELECT 1']);
  startSeconds.duckdb.push(Number(process.hrtime.bigint() - t0) / 1e9);
}

// floe, resident.
const floe = spawn(driver, ['serve', dataDir, String(threads), String(Math.round(memoryLimitGb * 2 ** 30)),
  join(spillDir, 'floe')], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: floe.stdout });
const pending = [];
lines.on('line', (l) => pending.shift()(JSON.parse(l)));
const askFloe = (sql) => new Promise((ok) => { pending.push(ok); floe.stdin.write(sql + '\n'); });
async function runFloe(sql) {
  resetPeakRss(floe.pid);
  const res = await askFloe(sql);
  return { ...res, peak_rss: peakRss(floe.pid) };
}

const instance = await DuckDBInstance.create(':memory:', { threads: String(threads),
  temp_directory: join(spillDir, 'duckdb'), ...(memoryLimitGb ? { memory_limit: `${memoryLimitGb}GB` } : {}) });
const con = await instance.connect();
for (const t of tables) {
  // The files as they are: no hive partition column from the paths (floe's
  // `order_ts_day=...` directories would add one).
  await con.run(`CREATE VIEW ${t} AS SELECT * FROM read_parquet([${sqlList(filesOf[t])}], hive_partitioning = false)`);
}
// Streamed chunk by chunk and counted, not converted to JavaScript values
// or kept (BENCHMARKS.md; 100M-row results would not fit in memory).
async function runDuck(sql) {
  resetPeakRss(process.pid);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const result = await con.stream(sql);
  let rows = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    rows += chunk.rowCount;
  }
  const cpu = process.cpuUsage(cpu0);  // this process's threads: node's and DuckDB's
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, cpu_seconds: (cpu.user + cpu.system) / 1e6, rows,
    peak_rss: peakRss(process.pid) };
}

// ---- results compared (untimed, after the rounds): values where the result is small ----
// Cells compare as numbers within a relative 1e-9 where both are numbers,
// timestamps without trailing fractional zeros, NULL as NULL. Rows compare
// as multisets. Top-N queries whose cut may fall among ties (H2, T1)
// compare their sort key column only.
const kMaxCompared = 200_000;
const sortKeyOnly = { H2: 2, T1: 6 };
const isNumber = (s) => /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(s);
const cellText = (v) => {
  if (v === null || v === undefined) return 'NULL';
  const s = String(v);
  // Timestamps without trailing fractional zeros.
  if (!/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+$/.test(s)) return s;
  return s.replace(/0+$/, '').replace(/\.$/, '');
};
// approx_distinct: the engines' sketches differ; Trino's standard error is 2.3%.
const tolerance = { D2: 0.05 };
const sameCell = (a, b, tol = 1e-9) => {
  if (a === b) return true;
  if (isNumber(a) && isNumber(b)) {
    const x = Number(a), y = Number(b);
    return Math.abs(x - y) <= tol * Math.max(1, Math.abs(x), Math.abs(y));
  }
  return false;
};
const sortKey = (row) => row.map((c) => (isNumber(c) ? Number(c).toPrecision(9) : c)).join('\u0001');
async function compareResults(id, sql, duckSql) {
  const f = await askFloe(`ROWS ${sql}`);
  if (f.error) return `floe failed: ${f.error}`;
  const reader = await con.runAndReadAll(duckSql);
  let a = f.values.map((r) => r.map(cellText));
  let b = reader.getRows().map((r) => r.map(cellText));
  if (id in sortKeyOnly) {
    a = a.map((r) => [r[sortKeyOnly[id]]]);
    b = b.map((r) => [r[sortKeyOnly[id]]]);
  }
  if (a.length !== b.length) return `DIFFERENT: ${a.length} vs ${b.length} rows`;
  a.sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : 1));
  b.sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : 1));
  for (let i = 0; i < a.length; ++i) {
    if (a[i].length !== b[i].length || a[i].some((c, k) => !sameCell(c, b[i][k], tolerance[id]))) {
      return `DIFFERENT: floe [${a[i].join(', ')}] vs DuckDB [${b[i].join(', ')}]`;
    }
  }
  return 'equal';
}

// A query floe cannot run is reported as not supported, never timed; one
// DuckDB fails (out of memory under a limit) is reported so too.
const unsupported = {}, duckFailed = {};
const samples = {};
for (let r = 0; r < rounds; ++r) {
  const tasks = queries.flatMap(([id, , sql, duckSql]) => [[id, 'floe', sql], [id, 'duckdb', duckSql ?? sql],
    ...Object.entries(monitoringForms(duckSql ?? sql)).map(([form, q]) => [id, `duckdb_${form}`, q])]);
  for (const [id, engine, sql] of shuffle(tasks)) {
    if (unsupported[id] || (engine !== 'floe' && duckFailed[id])) continue;
    let res;
    try {
      res = engine === 'floe' ? await runFloe(sql) : await runDuck(sql);
    } catch (e) {
      duckFailed[id] = e.message.split('\n')[0];
      process.stderr.write(`  ${id}: DuckDB failed: ${duckFailed[id]}\n`);
      continue;
    }
    if (res.error) {
      unsupported[id] = res.error;
      process.stderr.write(`  ${id}: not supported by floe: ${res.error}\n`);
      continue;
    }
    ((samples[id] ??= {})[engine] ??= []).push(res);
    process.stderr.write(`  round ${r + 1}/${rounds} ${id} ${engine}: ${res.seconds.toFixed(3)}s ${res.rows} rows\n`);
  }
}
const checked = {};
for (const [id, , sql, duckSql] of queries) {
  if (unsupported[id]) continue;
  if (duckFailed[id]) {
    checked[id] = `DuckDB failed: ${duckFailed[id]}`;
    continue;
  }
  checked[id] = samples[id].floe[0].rows > kMaxCompared ? 'rows only'
    : await compareResults(id, sql, duckSql ?? sql);
  process.stderr.write(`  results of ${id}: ${checked[id]}\n`);
}
floe.stdin.end();
rmSync(spillDir, { recursive: true, force: true });

// T_limit = max((U/R_z + D/R_m)/p, (C+U+D)/B) over what floe's scans had
// to read (C), decompress (U) and decode (D), BENCHMARKS.md.
const physicalLimit = (c) => Math.max(
  (c.page_bytes_uncompressed / calibration.zstd_bytes_per_s + c.decoded_bytes / calibration.memcpy_bytes_per_s) / threads,
  (c.page_bytes_compressed + c.page_bytes_uncompressed + c.decoded_bytes) / calibration.read_bytes_per_s_2_threads);

const spread = (xs) => [Math.min(...xs), Math.max(...xs)];
const results = queries.map(([id, cls, sql]) => {
  if (unsupported[id]) return { id, class: cls, sql, not_supported: unsupported[id], rows_match: false };
  const f = samples[id].floe, d = duckFailed[id] ? [{ seconds: NaN, cpu_seconds: NaN, peak_rss: NaN, rows: NaN }]
    : samples[id].duckdb;
  const floeS = median(f.map((x) => x.seconds)), duckS = median(d.map((x) => x.seconds));
  const limit = physicalLimit(f[0].counters);
  const forms = {};
  for (const form of ['hive', 'pruned']) {
    const xs = samples[id][`duckdb_${form}`];
    if (!xs) continue;
    const s = median(xs.map((x) => x.seconds));
    forms[form] = { duckdb_s: s, ratio: floeS / s, rows: Number(xs[0].rows), spread: spread(xs.map((x) => x.seconds)) };
  }
  return {
    id, class: cls, sql, floe_s: floeS, duckdb_s: duckS, ratio: floeS / duckS,
    floe_times: f.map((x) => x.seconds), duckdb_times: d.map((x) => x.seconds),
    floe_cpu_s: median(f.map((x) => x.cpu_seconds)), duckdb_cpu_s: median(d.map((x) => x.cpu_seconds)),
    floe_spread: spread(f.map((x) => x.seconds)), duckdb_spread: spread(d.map((x) => x.seconds)),
    floe_peak_rss: Math.max(...f.map((x) => x.peak_rss)), duckdb_peak_rss: Math.max(...d.map((x) => x.peak_rss)),
    floe_counters: f[0].counters,
    physical_limit_s: limit, floe_efficiency: limit / floeS, duckdb_efficiency: limit / duckS,
    duckdb_forms: forms,
    rows: f[0].rows, rows_match: f[0].rows === Number(d[0].rows) && ['equal', 'rows only'].includes(checked[id]),
    results: checked[id],
  };
});
const valid = results.filter((r) => r.rows_match);
const overall = geomean(valid.map((r) => r.ratio));
const classes = [...new Set(results.map((r) => r.class))];
const geomeanByClass = Object.fromEntries(classes.map((c) => [c, valid.some((r) => r.class === c)
  ? geomean(valid.filter((r) => r.class === c).map((r) => r.ratio)) : null]));
const processStart = { floe_s: median(startSeconds.floe), duckdb_s: median(startSeconds.duckdb) };

const { date, commit } = runStamp();
const outDir = resolve(args.results ?? join(here, 'results'));
mkdirSync(outDir, { recursive: true });
const base = join(outDir, `${date}-${commit}-sql-${rows}${memoryLimitGb ? `-limit-${memoryLimitGb}gb` : ''}`);
writeFileSync(`${base}.json`, JSON.stringify({ date, commit, rows, threads, rounds,
  memory_limit_gb: memoryLimitGb || null, calibration,
  process_start: processStart, results, geomean: overall, geomean_by_class: geomeanByClass }, null, 2));
const mb = (b) => (b / 1e6).toFixed(0);
let md = `SQL queries, ${rows} rows, ${threads} threads${memoryLimitGb ? `, memory limit ${memoryLimitGb} GB` : ''}, ` +
  `medians of ${rounds} rounds (random order), same Parquet files\n\n` +
  '| id | class | floe (s) | DuckDB (s) | ratio floe/DuckDB | CPU s floe / DuckDB | peak RSS MB floe / DuckDB | limit (s) | efficiency floe / DuckDB | rows | results |\n' +
  '|---|---|---|---|---|---|---|---|---|---|---|\n';
for (const r of results) {
  if (r.not_supported) {
    md += `| ${r.id} | ${r.class} | not supported | | | | | | | | ${r.not_supported.replaceAll('|', '/')} |\n`;
    continue;
  }
  md += `| ${r.id} | ${r.class} | ${r.floe_s.toFixed(3)} | ${r.duckdb_s.toFixed(3)} | ${r.ratio.toFixed(2)}${r.rows_match ? '' : ' (results differ!)'} ` +
    `| ${r.floe_cpu_s.toFixed(3)} / ${r.duckdb_cpu_s.toFixed(3)} | ${mb(r.floe_peak_rss)} / ${mb(r.duckdb_peak_rss)} ` +
    `| ${r.physical_limit_s.toFixed(3)} | ${(100 * r.floe_efficiency).toFixed(0)}% / ${(100 * r.duckdb_efficiency).toFixed(0)}% ` +
    `| ${r.rows} | ${r.results} |\n`;
}
md += `\ngeometric mean ratio: ${overall.toFixed(2)} (below 1: floe faster); by class: ` +
  Object.entries(geomeanByClass).map(([c, g]) => `${c} ${g === null ? '-' : g.toFixed(2)}`).join(', ') + '\n';
const withForms = results.filter((r) => r.duckdb_forms && Object.keys(r.duckdb_forms).length);
if (withForms.length) {
  md += '\nMonitoring queries, DuckDB in the other forms (s, and floe\'s ratio against each):\n\n' +
    '| id | floe | DuckDB file list | DuckDB hive glob | DuckDB pruned list | floe files read / pruned |\n|---|---|---|---|---|---|\n';
  for (const r of withForms) {
    const f = r.duckdb_forms;
    md += `| ${r.id} | ${r.floe_s.toFixed(3)} | ${r.duckdb_s.toFixed(3)} (${r.ratio.toFixed(2)}) ` +
      `| ${f.hive.duckdb_s.toFixed(3)} (${f.hive.ratio.toFixed(2)}) | ${f.pruned.duckdb_s.toFixed(3)} (${f.pruned.ratio.toFixed(2)}) ` +
      `| ${r.floe_counters.files_read} / ${r.floe_counters.files_pruned} |\n`;
  }
}
md += `\nfloe's counters per query (first round):\n\n| id | files read / pruned | row groups read / pruned | rows read | ` +
  'bytes read | pages compressed / uncompressed MB | decoded MB | spill MB | peak query memory MB |\n|---|---|---|---|---|---|---|---|---|\n';
for (const r of results.filter((x) => !x.not_supported)) {
  const c = r.floe_counters;
  md += `| ${r.id} | ${c.files_read} / ${c.files_pruned} | ${c.row_groups_read} / ${c.row_groups_pruned} | ${c.rows_read} ` +
    `| ${mb(c.bytes_read)} MB | ${mb(c.page_bytes_compressed)} / ${mb(c.page_bytes_uncompressed)} | ${mb(c.decoded_bytes)} ` +
    `| ${mb(c.spill_bytes)} | ${mb(c.peak_memory_bytes)} |\n`;
}
md += `\nProcess start (not in the times above): floe ${(processStart.floe_s * 1000).toFixed(0)} ms, ` +
  `DuckDB (node + instance) ${(processStart.duckdb_s * 1000).toFixed(0)} ms. Machine: memcpy ` +
  `${(calibration.memcpy_bytes_per_s / 1e9).toFixed(1)} GB/s and zstd ${(calibration.zstd_bytes_per_s / 1e9).toFixed(2)} GB/s per core, ` +
  `reads ${(calibration.read_bytes_per_s_2_threads / 1e9).toFixed(1)} GB/s on 2 threads. Peak RSS: each engine's whole ` +
  'process during the query (DuckDB\'s includes node).\n';
writeFileSync(`${base}.md`, md);
console.log(md);

// Plot: ratio per query on a log scale.
const dat = `${base}.dat`;
writeFileSync(dat, results.filter((r) => !r.not_supported).map((r, i) => `${i} ${r.id} ${r.ratio}`).join('\n') + '\n');
try {
  execFileSync('gnuplot', ['-e', [
    `set terminal png size 900,420`, `set output '${base}.png'`,
    `set title 'floe / DuckDB, ${rows} rows, ${threads} threads (below 1: floe faster)'`,
    `set logscale y 2`, `set yrange [0.05:8]`, `set style fill solid 0.6`, `set boxwidth 0.6`,
    `set xtics rotate by 0`, `unset key`, `set grid ytics`,
    `plot '${dat}' using 1:3:xtic(2) with boxes, 1 with lines lc rgb 'black'`,
  ].join('; ')]);
} catch (e) { process.stderr.write(`plot skipped: ${e.message}\n`); }

// --strict (the smoke run in CI): a query whose results differ fails the run.
if (args.strict !== undefined && results.some((r) => !r.rows_match)) {
  process.stderr.write(`results differ: ${results.filter((r) => !r.rows_match).map((r) => r.id).join(', ')}\n`);
  process.exit(1);
}
